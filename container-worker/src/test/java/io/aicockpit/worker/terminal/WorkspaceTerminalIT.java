package io.aicockpit.worker.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.identity.InternalIdentity;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import io.aicockpit.support.identity.TestIdentityTokens;
import io.aicockpit.worker.action.DockerTestSupport;
import io.aicockpit.worker.workspace.QuerySideStub;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code GET /api/v1/workspaces/{id}/terminal} (WebSocket), {@code GET .../terminals} and
 * {@code DELETE .../terminals/{id}}: the whole worker on a random port, real Docker and the busybox test image, a
 * real WebSocket client, identity tokens signed with the core-api test key, query-side stubbed. Each test has its
 * own tenant and workspace and removes its container.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WorkspaceTerminalIT {
    static final QuerySideStub QUERY_SIDE = startStub();
    static final String SUBJECT = "dev-alice";
    static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    DockerClient docker;
    @Autowired
    MeterRegistry meters;
    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final TenantId tenant = DockerTestSupport.randomTenant();
    final WorkspaceId workspace = WorkspaceId.random();
    final List<TerminalTestClient> clients = new ArrayList<>();
    String containerId;

    @DynamicPropertySource
    static void workerProperties(DynamicPropertyRegistry registry) {
        registry.add("aicockpit.security.internal-token.jwks-file", () -> TestIdentityTokens.jwksFile().toString());
        registry.add("aicockpit.container-worker.query-side-uri", () -> QUERY_SIDE.uri().toString());
        registry.add("aicockpit.container-worker.node-id", () -> "it-terminal-node");
        registry.add("aicockpit.container-worker.actions-topic", () -> "aicockpit.internal.container-actions.terminal-it");
        registry.add("aicockpit.container-worker.results-topic", () -> "aicockpit.internal.container-results.terminal-it");
        registry.add("aicockpit.container-worker.terminal.max-per-user", () -> "3");
        registry.add("aicockpit.container-worker.terminal.grace-period", () -> "8s");
        registry.add("aicockpit.container-worker.terminal.sweep-interval", () -> "250ms");
        registry.add("aicockpit.container-worker.terminal.ping-interval", () -> "1s");
        registry.add("aicockpit.container-worker.terminal.send-timeout", () -> "2s");
        registry.add("spring.kafka.listener.auto-startup", () -> "false");
        registry.add("spring.kafka.consumer.group-id", () -> "aicockpit-terminal-it-" + UUID.randomUUID());
    }

    private static QuerySideStub startStub() {
        try {
            return new QuerySideStub();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeEach
    void startWorkspace() {
        DockerTestSupport.requireTestImage(docker);
        QUERY_SIDE.show(tenant, workspace, SUBJECT);
        containerId = DockerTestSupport.startWorkspace(docker, tenant, workspace);
    }

    @AfterEach
    void cleanUp() {
        clients.forEach(TerminalTestClient::close);
        DockerTestSupport.removeWorkspaces(docker, List.of(workspace));
    }

    // --- the shell

    @Test
    void runsCommandsInALoginShellAsTheContainerUserInTheWorkspace() throws Exception {
        TerminalTestClient client = open("");

        JsonNode session = client.awaitControl("session");
        assertThat(session.path("terminalId").asText()).matches("[0-9a-f-]{36}");
        assertThat(session.path("reattached").asBoolean()).isFalse();
        client.type("echo $((6*7)); echo \"$(id -u):$PWD:$TERM:$LANG\"\n");

        client.awaitOutput("\r?\n42\r?\n");
        client.awaitOutput("\r?\n1000:/workspace:xterm-256color:C.UTF-8\r?\n");
        assertThat(client.socket.getSubprotocol()).isEqualTo(TerminalFrames.PROTOCOL);
    }

    @Test
    void startsAtTheAskedSizeAndResizes() {
        TerminalTestClient client = open("?cols=100&rows=30");
        client.awaitControl("session");
        client.type("stty size\n");
        client.awaitOutput("\r?\n30 100\r?\n");

        client.control("{\"type\":\"resize\",\"cols\":132,\"rows\":40}");
        client.type("stty size\n");

        client.awaitOutput("\r?\n40 132\r?\n");
    }

    @Test
    void roundTripsUnicodeAndEmoji() {
        TerminalTestClient client = open("");
        client.awaitControl("session");

        client.type("printf '%s\\n' \"gr\u00fc\u00dfe-$((1+1))-\u4e16\u754c-\uD83D\uDE80\"\n");

        client.awaitOutput("\r?\ngr\u00fc\u00dfe-2-\u4e16\u754c-\uD83D\uDE80\r?\n");
    }

    @Test
    void answersPingsAndPingsTheClient() {
        TerminalTestClient client = open("");
        client.awaitControl("session");

        client.control("{\"type\":\"ping\"}");

        client.awaitControl("pong");
        await().atMost(TerminalTestClient.WAIT).until(() -> client.pings.get() >= 1);
    }

    @Test
    void shellExitSendsTheExitFrameAndCloses() {
        TerminalTestClient client = open("");
        client.awaitControl("session");

        client.type("exit 3\n");

        JsonNode exit = client.awaitControl("exit");
        assertThat(exit.path("code").asInt()).isEqualTo(3);
        assertThat(exit.path("reason").asText()).isEqualTo("shell exited");
        assertThat(client.awaitClose()).isEqualTo(1000);
    }

    @Test
    void stoppingTheWorkspaceEndsItsTerminals() {
        TerminalTestClient client = open("");
        client.awaitControl("session");
        client.type("echo ready-$((2+2))\n");
        client.awaitOutput("ready-4");

        DockerTestSupport.stopWorkspace(docker, tenant, workspace);

        JsonNode exit = client.awaitControl("exit");
        assertThat(exit.path("reason").asText()).isEqualTo("workspace stopped");
        assertThat(client.awaitClose()).isEqualTo(1000);
    }

    @Test
    void takesAPasteUpToTheFrameLimitInOneFrame() throws Exception {
        TerminalTestClient client = open("");
        client.awaitControl("session");
        client.type("cat > /tmp/paste\n");
        String paste = ("x".repeat(99) + "\n").repeat(600);

        client.type(paste);
        client.socket.sendBinary(ByteBuffer.wrap(new byte[] {4}), true).join();
        client.type("wc -c < /tmp/paste\n");

        client.awaitOutput("\r?\n60000\r?\n");
        assertThat(client.isClosed()).isFalse();
    }

    @Test
    void refusesInputFramesAboveTheLimit() {
        TerminalTestClient client = open("");
        client.awaitControl("session");

        client.socket.sendBinary(ByteBuffer.wrap(new byte[64 * 1024 + 1]), true);

        assertThat(client.awaitClose()).isEqualTo(1009);
    }

    @Test
    void passesAFloodOfOutputThroughWithoutLosingTheShell() {
        TerminalTestClient client = open("");
        client.awaitControl("session");

        client.type("head -c 20000000 /dev/zero | tr '\\0' y; echo; echo done-$((6*7))\n");

        await().atMost(Duration.ofSeconds(60)).until(() -> client.outputBytes() > 20_000_000
                && client.tail(64).contains("\ndone-42"));
    }

    @Test
    void detachesAClientThatStopsReadingAndKeepsTheShellRunning() throws Exception {
        TerminalTestClient client = open("");
        String terminalId = client.awaitControl("session").path("terminalId").asText();
        client.stalled = true;

        client.type("yes flood\n");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(byId(terminals(developerToken()))
                .get(terminalId).path("attached").asBoolean()).isFalse());
        TerminalTestClient again = open("?terminalId=" + terminalId);
        JsonNode session = again.awaitControl("session");
        assertThat(session.path("replayedBytes").asInt()).isBetween(200 * 1024, 256 * 1024);
        again.awaitOutput("flood\r?\nflood");
        again.socket.sendBinary(ByteBuffer.wrap(new byte[] {3}), true).join();
        again.type("echo after-$((6*7))\n");
        again.awaitOutput("\r?\nafter-42\r?\n");
    }

    // --- surviving the connection

    @Test
    void reattachReplaysWhatTheShellPrintedWhileDetached() throws Exception {
        TerminalTestClient first = open("");
        String terminalId = first.awaitControl("session").path("terminalId").asText();
        first.type("sleep 1; echo later-$((3*5)); touch /tmp/printed-later\n");
        first.drop();
        await().atMost(TerminalTestClient.WAIT).untilAsserted(() -> assertThat(
                DockerTestSupport.exec(docker, containerId, "test", "-f", "/tmp/printed-later").exitCode()).isZero());
        assertThat(first.text()).doesNotContain("later-15");

        TerminalTestClient second = open("?terminalId=" + terminalId);

        JsonNode session = second.awaitControl("session");
        assertThat(session.path("terminalId").asText()).isEqualTo(terminalId);
        assertThat(session.path("reattached").asBoolean()).isTrue();
        assertThat(session.path("replayedBytes").asInt()).isPositive();
        second.awaitOutput("\r?\nlater-15\r?\n");
        assertThat(second.outputBytes()).isGreaterThanOrEqualTo(session.path("replayedBytes").asInt());
        second.type("echo $((6*7))\n");
        second.awaitOutput("\r?\n42\r?\n");
    }

    @Test
    void aNewAttachTakesOverTheTerminal() {
        TerminalTestClient first = open("");
        String terminalId = first.awaitControl("session").path("terminalId").asText();

        TerminalTestClient second = open("?terminalId=" + terminalId);
        second.awaitControl("session");

        assertThat(first.awaitClose()).isEqualTo(4001);
        assertThat(first.closeReason()).contains("another connection");
        second.type("echo still-$((1+1))\n");
        second.awaitOutput("still-2");
    }

    @Test
    void detachedTerminalsEndAfterTheGracePeriod() throws Exception {
        TerminalTestClient client = open("");
        String terminalId = client.awaitControl("session").path("terminalId").asText();
        client.type("echo $$ > /tmp/shell-pid\n");
        await().atMost(TerminalTestClient.WAIT).untilAsserted(() -> assertThat(
                DockerTestSupport.exec(docker, containerId, "test", "-s", "/tmp/shell-pid").exitCode()).isZero());
        String pid = DockerTestSupport.exec(docker, containerId, "cat", "/tmp/shell-pid").output().strip();
        client.drop();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(terminals(developerToken()).path("items")).isEmpty();
            assertThat(DockerTestSupport.exec(docker, containerId, "test", "-d", "/proc/" + pid).exitCode())
                    .isNotZero();
        });
        assertProblem(plainGet("/terminal?terminalId=" + terminalId, developerToken()), 404, "terminal-not-found");
    }

    // --- list and close

    @Test
    void listsAndClosesTheCallersTerminals() throws Exception {
        TerminalTestClient first = open("?cols=90&rows=20");
        String firstId = first.awaitControl("session").path("terminalId").asText();
        TerminalTestClient second = open("");
        String secondId = second.awaitControl("session").path("terminalId").asText();
        second.drop();

        await().atMost(TerminalTestClient.WAIT).untilAsserted(() -> {
            Map<String, JsonNode> items = byId(terminals(developerToken()));
            assertThat(items).containsOnlyKeys(firstId, secondId);
            assertThat(items.get(firstId).path("attached").asBoolean()).isTrue();
            assertThat(items.get(firstId).path("cols").asInt()).isEqualTo(90);
            assertThat(items.get(firstId).path("rows").asInt()).isEqualTo(20);
            assertThat(items.get(firstId).path("createdAt").asText()).isNotBlank();
            assertThat(items.get(secondId).path("attached").asBoolean()).isFalse();
        });

        HttpResponse<byte[]> deleted = send(HttpRequest.newBuilder(api("/terminals/" + firstId)).DELETE(),
                developerToken());

        assertThat(deleted.statusCode()).isEqualTo(204);
        JsonNode exit = first.awaitControl("exit");
        assertThat(exit.path("reason").asText()).isEqualTo("terminal closed");
        assertThat(first.awaitClose()).isEqualTo(1000);
        assertThat(byId(terminals(developerToken()))).containsOnlyKeys(secondId);
        assertProblem(send(HttpRequest.newBuilder(api("/terminals/" + firstId)).DELETE(), developerToken()), 404,
                "terminal-not-found");
    }

    @Test
    void anotherMemberOfTheTenantNeitherSeesNorReattachesTheTerminal() throws Exception {
        TerminalTestClient client = open("");
        String terminalId = client.awaitControl("session").path("terminalId").asText();
        QUERY_SIDE.show(tenant, workspace, "admin-bob");
        String bob = TestIdentityTokens.token(tenant.value(), "admin-bob", "ORG_ADMIN");

        assertThat(terminals(bob).path("items")).isEmpty();
        assertProblem(plainGet("/terminal?terminalId=" + terminalId, bob), 404, "terminal-not-found");
        assertThat(handshakeStatus("?terminalId=" + terminalId, bob)).isEqualTo(404);
        assertProblem(send(HttpRequest.newBuilder(api("/terminals/" + terminalId)).DELETE(), bob), 404,
                "terminal-not-found");
        assertThat(byId(terminals(developerToken()))).containsOnlyKeys(terminalId);
    }

    // --- refusals before the upgrade, each beside its allowed twin

    @Test
    void capsLiveTerminalsPerUser() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(open("").awaitControl("session").path("terminalId").asText());
        }

        HttpResponse<byte[]> refused = plainGet("/terminal", developerToken());
        assertProblem(refused, 429, "too-many-terminals");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(handshakeStatus("", developerToken())).isEqualTo(429);

        assertThat(send(HttpRequest.newBuilder(api("/terminals/" + ids.get(0))).DELETE(), developerToken())
                .statusCode()).isEqualTo(204);
        await().atMost(TerminalTestClient.WAIT).untilAsserted(() ->
                assertThat(terminals(developerToken()).path("items")).hasSize(2));
        open("").awaitControl("session");
    }

    @Test
    void refusesWithoutAValidIdentity() throws Exception {
        assertProblem(plainGet("/terminal", null), 401, "unauthenticated");
        assertThat(handshakeStatus("", null)).isEqualTo(401);
        assertProblem(plainGet("/terminal", TestIdentityTokens.token(tenant.value(), SUBJECT, "AUDITOR")), 403,
                "forbidden");
        assertProblem(plainGet("/terminal", TestIdentityTokens.token(tenant.value(), SUBJECT, "INTEGRATION")), 403,
                "forbidden");
        assertProblem(send(HttpRequest.newBuilder(api("/terminals")).GET(), null), 401, "unauthenticated");
        open("").awaitControl("session");
    }

    @Test
    void anotherTenantsWorkspaceIsNotFoundAndNeverUpgraded() throws Exception {
        String stranger = TestIdentityTokens.token(DockerTestSupport.randomTenant().value(), SUBJECT, "DEVELOPER");

        assertProblem(plainGet("/terminal", stranger), 404, "workspace-not-found");
        assertThat(handshakeStatus("", stranger)).isEqualTo(404);
        assertProblem(send(HttpRequest.newBuilder(api("/terminals")).GET(), stranger), 404, "workspace-not-found");
        open("").awaitControl("session");
    }

    @Test
    void refusesBadParametersAndUnknownTerminals() throws Exception {
        assertProblem(plainGet("/terminal?cols=0", developerToken()), 400, "invalid-request");
        assertProblem(plainGet("/terminal?rows=abc", developerToken()), 400, "invalid-request");
        assertProblem(plainGet("/terminal?terminalId=" + UUID.randomUUID(), developerToken()), 404,
                "terminal-not-found");
        assertProblem(plainGet("/terminal?terminalId=not-an-id", developerToken()), 404, "terminal-not-found");
        assertThat(handshakeStatus("?terminalId=" + UUID.randomUUID(), developerToken())).isEqualTo(404);
        open("?cols=1000&rows=1000").awaitControl("session");
    }

    @Test
    void refusesANewTerminalInAStoppedWorkspace() throws Exception {
        DockerTestSupport.stopWorkspace(docker, tenant, workspace);

        assertProblem(plainGet("/terminal", developerToken()), 409, "workspace-not-running");
        assertThat(handshakeStatus("", developerToken())).isEqualTo(409);
        assertThat(terminals(developerToken()).path("items")).isEmpty();
    }

    @Test
    void upgradeAnswerNamesTheTerminalForTheAudit() throws Exception {
        RawHandshake answer = rawHandshake("", developerToken());

        assertThat(answer.status()).isEqualTo(101);
        assertThat(answer.headers().get("sec-websocket-protocol")).isEqualTo(TerminalFrames.PROTOCOL);
        JsonNode detail = JSON.readTree(answer.headers().get("x-aicockpit-audit-detail"));
        assertThat(detail.path("terminalId").asText()).matches("[0-9a-f-]{36}");
        assertThat(detail.path("reattached").asBoolean()).isFalse();
    }

    @Test
    void countsTerminalsAndBytesWithoutContent() throws Exception {
        TerminalTestClient client = open("");
        client.awaitControl("session");
        client.type("echo secret-$((6*7))\n");
        client.awaitOutput("secret-42");

        await().atMost(TerminalTestClient.WAIT).untilAsserted(() -> {
            assertThat(meters.get("aicockpit.terminal.live").gauge().value()).isPositive();
            assertThat(meters.get("aicockpit.terminal.attached").gauge().value()).isPositive();
            assertThat(meters.get("aicockpit.terminal.bytes").tag("direction", "in").counter().count())
                    .isGreaterThanOrEqualTo("echo secret-$((6*7))\n".length());
            assertThat(meters.get("aicockpit.terminal.bytes").tag("direction", "out").counter().count())
                    .isPositive();
        });
        assertThat(meters.getMeters()).allSatisfy(meter -> assertThat(meter.getId().toString()).doesNotContain("secret"));
    }

    // --- helpers

    private TerminalTestClient open(String query) {
        TerminalTestClient client = TerminalTestClient.connect(http, wsUri(query), developerToken());
        clients.add(client);
        return client;
    }

    private URI wsUri(String query) {
        return URI.create("ws://127.0.0.1:" + port + "/api/v1/workspaces/" + workspace + "/terminal" + query);
    }

    private URI api(String rest) {
        return URI.create("http://127.0.0.1:" + port + "/api/v1/workspaces/" + workspace + rest);
    }

    private String developerToken() {
        return TestIdentityTokens.token(tenant.value(), SUBJECT, "DEVELOPER");
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request, String token) throws Exception {
        if (token != null) {
            request.header(InternalIdentity.HEADER, token);
        }
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> plainGet(String rest, String token) throws Exception {
        return send(HttpRequest.newBuilder(api(rest)).GET(), token);
    }

    private JsonNode terminals(String token) throws Exception {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(api("/terminals")).GET(), token);
        assertThat(response.statusCode()).as("body %s", new String(response.body())).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static Map<String, JsonNode> byId(JsonNode list) {
        Map<String, JsonNode> items = new LinkedHashMap<>();
        list.path("items").forEach(item -> items.put(item.path("terminalId").asText(), item));
        return items;
    }

    /** The status a real WebSocket client's refused upgrade saw (never 101). */
    private int handshakeStatus(String query, String token) {
        try {
            clients.add(TerminalTestClient.connect(http, wsUri(query), token));
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
            return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
        }
        throw new AssertionError("the upgrade was accepted");
    }

    static JsonNode assertProblem(HttpResponse<byte[]> response, int status, String kind) throws IOException {
        assertThat(response.statusCode()).as("status, body %s", new String(response.body())).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("type").asText()).isEqualTo("urn:aicockpit:problem:" + kind);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).isNotBlank();
        assertThat(problem.path("requestId").asText()).isNotBlank();
        return problem;
    }

    record RawHandshake(int status, Map<String, String> headers) {}

    /** An upgrade by hand, to see the answer's headers (the JDK client hides them). */
    private RawHandshake rawHandshake(String query, String token) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            String key = Base64.getEncoder().encodeToString(UUID.randomUUID().toString().substring(0, 16)
                    .getBytes(StandardCharsets.US_ASCII));
            String request = "GET /api/v1/workspaces/" + workspace + "/terminal" + query + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Protocol: " + TerminalFrames.PROTOCOL + "\r\n"
                    + (token == null ? "" : InternalIdentity.HEADER + ": " + token + "\r\n") + "\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.write(b);
            }
            String[] lines = head.toString(StandardCharsets.US_ASCII).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).strip());
                }
            }
            return new RawHandshake(Integer.parseInt(lines[0].split(" ")[1]), headers);
        }
    }
}
