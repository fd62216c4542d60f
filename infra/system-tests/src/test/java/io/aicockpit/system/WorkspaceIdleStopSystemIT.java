package io.aicockpit.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aicockpit.coreapi.identity.InternalIdentity;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Idle auto-stop end to end (real Docker, Kafka, PostgreSQL; services as processes): in a tenant with a tiny idle
 * timeout, an unused workspace is warned, then stopped with reason IDLE, while one running a CPU-bound loop and one
 * whose terminal keeps printing stay RUNNING for longer than a whole timeout after that.
 */
class WorkspaceIdleStopSystemIT {
    static final Duration SETTLE = Duration.ofSeconds(60);
    static final Duration TIMEOUT = Duration.ofSeconds(6);
    static Platform platform;

    @BeforeAll
    static void platform() throws Exception {
        platform = Platform.get();
    }

    @Test
    void idleWorkspaceIsWarnedAndStoppedWhileBusyOnesKeepRunning() throws Exception {
        String tenant = platform.onboardTenant("idle", 3);
        assertThat(platform.send(platform.commandSide, "PUT", "/api/v1/tenants/" + tenant + "/idle-timeout",
                Platform.operator(), Map.of("enabled", true, "timeoutSeconds", TIMEOUT.toSeconds())).status())
                .isEqualTo(200);
        await().atMost(SETTLE).until(() -> platform.get(platform.commandSide, "/api/v1/tenants/" + tenant
                + "/idle-timeout", Platform.operator()).body().path("timeoutSeconds").asLong() == TIMEOUT.toSeconds());
        String idle = platform.createWorkspace(tenant, Map.of("name", "forgotten", "stackId", "busybox"));
        String cpu = platform.createWorkspace(tenant, Map.of("name", "building", "stackId", "busybox"));
        String terminal = platform.createWorkspace(tenant, Map.of("name", "tailing", "stackId", "busybox"));
        for (String id : new String[] {idle, cpu, terminal}) {
            await().atMost(SETTLE).until(() -> "STOPPED".equals(platform.status(tenant, id)));
            assertThat(platform.post(platform.commandSide, "/api/v1/workspaces/" + id + "/start",
                    Platform.developer(tenant), null).status()).isEqualTo(202);
        }
        for (String id : new String[] {idle, cpu, terminal}) {
            await().atMost(SETTLE).until(() -> "RUNNING".equals(platform.status(tenant, id)));
        }
        platform.exec(platform.containersOf(cpu).getFirst().getId(), "(while :; do :; done) >/dev/null 2>&1 &");
        AtomicLong printed = new AtomicLong();
        WebSocket shell = openTerminal(tenant, terminal, printed);
        shell.sendBinary(ByteBuffer.wrap("while :; do echo tick; sleep 1; done\n".getBytes(StandardCharsets.UTF_8)),
                true).get(10, TimeUnit.SECONDS);

        await().atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                .until(() -> "STOPPED".equals(platform.status(tenant, idle)));
        Instant stoppedAt = Instant.now();
        assertThat(platform.status(tenant, cpu)).isEqualTo("RUNNING");
        assertThat(platform.status(tenant, terminal)).isEqualTo("RUNNING");
        JsonNode stopped = platform.view(tenant, idle);
        assertThat(stopped.path("stopReason").asText()).isEqualTo("IDLE");
        assertThat(platform.eventTypes(idle))
                .containsSubsequence("WorkspaceStarted", "WorkspaceIdleStopWarned", "WorkspaceStopRequested",
                        "WorkspaceStopped");

        // a whole timeout and a margin later the busy ones still run, and their last activity is shown
        await().during(TIMEOUT.plusSeconds(2)).atMost(TIMEOUT.plusSeconds(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> "RUNNING".equals(platform.status(tenant, cpu))
                        && "RUNNING".equals(platform.status(tenant, terminal)));
        assertThat(Instant.now()).isAfter(stoppedAt.plus(TIMEOUT));
        assertThat(printed.get()).as("terminal output received").isPositive();
        for (String id : new String[] {cpu, terminal}) {
            JsonNode view = platform.view(tenant, id);
            assertThat(view.path("lastActivityAt").isTextual()).as("lastActivityAt of %s", id).isTrue();
            assertThat(Instant.parse(view.path("lastActivityAt").asText())).isAfter(stoppedAt.minusSeconds(5));
            assertThat(platform.eventTypes(id)).doesNotContain("WorkspaceStopRequested");
        }
        assertThat(platform.view(tenant, idle).path("lastActivityAt").isNull()
                || platform.view(tenant, idle).path("lastActivityAt").isMissingNode()).isTrue();
        shell.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }

    private static WebSocket openTerminal(String tenant, String workspaceId, AtomicLong printed) {
        URI uri = URI.create(platform.worker().url("/api/v1/workspaces/" + workspaceId + "/terminal?cols=80&rows=24")
                .replaceFirst("^http", "ws"));
        return HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .subprotocols("aicockpit.terminal.v1")
                .header(InternalIdentity.HEADER, Platform.developer(tenant).get(InternalIdentity.HEADER))
                .buildAsync(uri, new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                        printed.addAndGet(data.remaining());
                        ws.request(1);
                        return null;
                    }
                })
                .orTimeout(30, TimeUnit.SECONDS).join();
    }
}
