package io.aicockpit.worker.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aicockpit.support.identity.TestIdentityTokens;
import io.aicockpit.worker.action.DockerTestSupport;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@code POST /api/v1/workspaces/{id}/exec} against real workspace containers. */
class WorkspaceExecApiIT extends WorkspaceApiTestBase {

    private HttpResponse<byte[]> exec(String body, String token) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(api(workspace, "/exec")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), token);
    }

    private JsonNode execOk(String command, int timeoutSeconds) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = exec(JSON.createObjectNode().put("command", command)
                .put("timeoutSeconds", timeoutSeconds).toString(), developerToken());
        assertThat(response.statusCode()).as("body %s", new String(response.body())).isEqualTo(200);
        return json(response);
    }

    @Test
    void runsAsTheContainerUserInTheWorkspace() throws Exception {
        startVisibleWorkspace();

        JsonNode result = execOk("id -u; pwd", 10);

        assertThat(result.path("exitCode").numberValue()).isEqualTo(0);
        assertThat(result.path("output").asText()).isEqualTo("1000\n/workspace\n");
        assertThat(result.path("truncated").asBoolean()).isFalse();
        assertThat(result.path("timedOut").asBoolean()).isFalse();
        assertThat(result.path("durationMs").asLong()).isNotNegative();
    }

    @Test
    void reportsANonZeroExitWithStderr() throws Exception {
        startVisibleWorkspace();

        JsonNode result = execOk("echo out; echo oops >&2; exit 3", 10);

        assertThat(result.path("exitCode").numberValue()).isEqualTo(3);
        assertThat(result.path("output").asText()).contains("out\n").contains("oops\n");
        assertThat(result.path("timedOut").asBoolean()).isFalse();
    }

    @Test
    void reportsEachRunsOwnExitCodeWhenRunsOverlap() throws Exception {
        startVisibleWorkspace();

        CompletableFuture<JsonNode> slow = CompletableFuture.supplyAsync(() -> execUnchecked("sleep 2; exit 5", 10));
        JsonNode quick = execOk("exit 7", 10);

        assertThat(quick.path("exitCode").numberValue()).isEqualTo(7);
        assertThat(slow.join().path("exitCode").numberValue()).isEqualTo(5);
        assertThat(slow.join().path("durationMs").asLong()).isGreaterThanOrEqualTo(2000L);
    }

    @Test
    void reportsTheExitCodeOfACommandThatClosesItsOutputBeforeItEnds() throws Exception {
        startVisibleWorkspace();

        JsonNode result = execOk("echo bye; exec >&- 2>&-; sleep 2; exit 4", 10);

        assertThat(result.path("exitCode").numberValue()).isEqualTo(4);
        assertThat(result.path("output").asText()).isEqualTo("bye\n");
        assertThat(result.path("timedOut").asBoolean()).isFalse();
    }

    private JsonNode execUnchecked(String command, int timeoutSeconds) {
        try {
            return execOk(command, timeoutSeconds);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void timeoutKillsTheCommandAndItsChildren() throws Exception {
        String id = startVisibleWorkspace();

        JsonNode result = execOk("echo started; sleep 601; echo never", 1);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(DockerTestSupport.exec(docker, id, "ps", "-o", "pid,args").output()).doesNotContain("sleep 601"));
        assertThat(result.path("timedOut").asBoolean()).isTrue();
        assertThat(result.path("output").asText()).isEqualTo("started\n");
        assertThat(result.path("exitCode").isNull() || result.path("exitCode").asInt() == 137
                || result.path("exitCode").asInt() == 124).as("exit code %s", result.path("exitCode")).isTrue();
        assertThat(result.path("durationMs").asLong()).isBetween(1000L, 1000L + 5000L);
    }

    @Test
    void capsTheOutputAndReportsTruncation() throws Exception {
        startVisibleWorkspace();

        JsonNode result = execOk("head -c 200000 /dev/zero | tr '\\0' a; echo done >&2", 30);

        assertThat(result.path("exitCode").numberValue()).isEqualTo(0);
        assertThat(result.path("truncated").asBoolean()).isTrue();
        assertThat(result.path("output").asText()).hasSize(64 * 1024).matches("a+");
    }

    @Test
    void stoppedWorkspaceIsNotRunning() throws Exception {
        startVisibleWorkspace();
        DockerTestSupport.stopWorkspace(docker, tenant, workspace);

        assertProblem(exec("{\"command\":\"true\"}", developerToken()), 409, "workspace-not-running");
    }

    @Test
    void refusesUnknownFieldsAndInvalidValues() throws Exception {
        startVisibleWorkspace();

        JsonNode unknown = assertProblem(exec("{\"command\":\"true\",\"shell\":\"bash\"}", developerToken()),
                400, "invalid-request");
        assertThat(unknown.path("errors").get(0).path("field").asText()).isEqualTo("shell");
        for (String body : List.of("{}", "{\"command\":\"  \"}", "{\"command\":\"a\\u0000b\"}",
                "{\"command\":\"" + "x".repeat(8 * 1024 + 1) + "\"}", "{\"command\":42}",
                "{\"command\":\"true\",\"timeoutSeconds\":0}", "{\"command\":\"true\",\"timeoutSeconds\":301}",
                "{\"command\":\"true\",\"timeoutSeconds\":1.5}", "[]", "not json", "")) {
            assertProblem(exec(body, developerToken()), 400, "invalid-request");
        }
        assertThat(execOk("true", 300).path("exitCode").numberValue()).isEqualTo(0);
    }

    @Test
    void refusesAnOversizeBody() throws Exception {
        startVisibleWorkspace();

        assertProblem(exec("{\"command\":\"" + "x".repeat(100_000) + "\"}", developerToken()), 413,
                "payload-too-large");
    }

    @Test
    void refusesExecsBeyondTheNodesLimit() throws Exception {
        startVisibleWorkspace();
        List<CompletableFuture<HttpResponse<byte[]>>> running = new ArrayList<>();
        // long enough that both are still running when the second one has started, even on a loaded machine where
        // creating an exec takes seconds; the third is refused as soon as both run
        for (int i = 0; i < 2; i++) {
            running.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return exec("{\"command\":\"sleep 12\",\"timeoutSeconds\":30}", developerToken());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }

        await().atMost(Duration.ofSeconds(12)).untilAsserted(() -> {
            HttpResponse<byte[]> third = exec("{\"command\":\"true\"}", developerToken());
            assertProblem(third, 429, "too-many-execs");
            assertThat(third.headers().firstValue("Retry-After")).isPresent();
        });
        for (CompletableFuture<HttpResponse<byte[]>> exec : running) {
            assertThat(exec.join().statusCode()).isEqualTo(200);
        }
        assertThat(execOk("true", 5).path("exitCode").numberValue()).isEqualTo(0);
    }

    @Test
    void checksTheCallerLikeFileReads() throws Exception {
        startVisibleWorkspace();
        String body = "{\"command\":\"true\"}";

        assertProblem(exec(body, null), 401, "unauthenticated");
        assertProblem(exec(body, TestIdentityTokens.token(tenant.value(), SUBJECT, "AUDITOR")), 403,
                "forbidden");
        assertProblem(exec(body, TestIdentityTokens.token(DockerTestSupport.randomTenant().value(), SUBJECT,
                "DEVELOPER")), 404, "workspace-not-found");
    }
}
