package io.aicockpit.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.publisher.Mono;

/**
 * The workspace-node routes through the real gateway, with tokens of the in-process IdP, query-side's workspace
 * lookup scripted on its stand-in (owner and org admin see a workspace, nobody else) and real WebSocket/HTTP servers standing in
 * for two container-worker nodes and the default node.
 */
class WorkspaceNodeRoutingIT extends GatewayIT {
    static final WorkspaceDirectoryStandIn DIRECTORY = new WorkspaceDirectoryStandIn(QUERY_SIDE);
    static final NodeStandIn NODE_A = new NodeStandIn("node-a");
    static final NodeStandIn NODE_B = new NodeStandIn("node-b");
    static final NodeStandIn DEFAULT_NODE = new NodeStandIn("default-node");
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** How long each test session stays open after its echoes arrived. */
    private static final Duration SESSION_LENGTH = Duration.ofMillis(1200);
    private final ObjectMapper json = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    private String tenant;
    private String otherTenant;
    private String workspace;

    @DynamicPropertySource
    static void nodes(DynamicPropertyRegistry registry) {
        registry.add("aicockpit.gateway.routes.nodes.node-a", NODE_A::uri);
        registry.add("aicockpit.gateway.routes.nodes.node-b", NODE_B::uri);
        registry.add("aicockpit.gateway.routes.default-node-uri", DEFAULT_NODE::uri);
        registry.add("aicockpit.gateway.routes.nodes.node-down", () -> "http://127.0.0.1:1");
        // short, so the status stream test shows its route is exempt
        registry.add("spring.cloud.gateway.server.webflux.httpclient.response-timeout", () -> "2s");
    }

    @BeforeEach
    void tenantsAndAWorkspaceOnNodeA() {
        tenant = newTenant("edge");
        registerMockTenant(tenant, Map.of("dev", "DEVELOPER", "admin", "ORG_ADMIN"));
        TestIdp.grant(tenant, "dave", "dev");
        TestIdp.grant(tenant, "dina", "dev");
        TestIdp.grant(tenant, "olga", "admin");
        otherTenant = newTenant("outsider");
        registerMockTenant(otherTenant, Map.of("admin", "ORG_ADMIN"));
        TestIdp.grant(otherTenant, "carol", "admin");
        workspace = UUID.randomUUID().toString();
        DIRECTORY.put(workspace, new WorkspaceDirectoryStandIn.Workspace(tenant, "dave", "node-a", "RUNNING"));
        NODE_A.clear();
        NODE_B.clear();
        DEFAULT_NODE.clear();
    }

    private String token(String issuer, String user) {
        return TestIdp.passwordToken(issuer, user);
    }

    private String terminal(String workspaceId) {
        return "/api/v1/workspaces/" + workspaceId + "/terminal";
    }

    @Test
    void proxiesTheTerminalToTheWorkspacesNodeWithTheCallersIdentityAndAuditsTheSession() throws Exception {
        String requestId = "terminal-" + UUID.randomUUID();
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token(tenant, "dave"));
        headers.set("X-Request-Id", requestId);
        headers.set("X-AiCockpit-Identity", "forged");
        headers.setOrigin("http://localhost:5173"); // Netty's client sends its own Origin otherwise

        Session session = open(terminal(workspace) + "?cols=80&rows=24", headers, List.of(NodeStandIn.PROTOCOL));

        assertThat(session.protocol).isEqualTo(NodeStandIn.PROTOCOL);
        assertThat(session.echo).isEqualTo("node-a:again");
        NodeStandIn.Received handshake = NODE_A.next();
        assertThat(handshake.method()).isEqualTo("WEBSOCKET");
        assertThat(handshake.uri()).isEqualTo(NodeStandIn.PROTOCOL);
        assertThat(claims(handshake.header("X-AiCockpit-Identity")).get("sub").asText()).isEqualTo("dave");
        assertThat(handshake.header("X-Request-Id")).isEqualTo(requestId);
        assertThat(handshake.header("Authorization")).isNull();

        Map<String, Object> record = await().atMost(WAIT).until(() -> auditRecord(requestId), r -> r != null);
        assertThat(record).containsEntry("action", "GET /api/v1/workspaces/{id}/terminal")
                .containsEntry("resource_id", workspace).containsEntry("http_status", 101)
                .containsEntry("outcome", "ALLOWED").containsEntry("actor_subject", "dave");
        assertThat(json.readTree(record.get("detail").toString()).get("durationMs").asLong())
                .as("recorded when the session closed").isGreaterThanOrEqualTo(SESSION_LENGTH.toMillis());
    }

    @Test
    void acceptsABrowsersTokenAsSubprotocolFromAWebOriginAndNeverForwardsIt() throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.setOrigin("http://localhost:8080");

        Session session = open(terminal(workspace), headers,
                List.of("bearer." + token(tenant, "dave"), NodeStandIn.PROTOCOL));

        assertThat(session.protocol).isEqualTo(NodeStandIn.PROTOCOL);
        assertThat(session.echo).isEqualTo("node-a:again");
        NodeStandIn.Received handshake = NODE_A.next();
        assertThat(handshake.header("Sec-WebSocket-Protocol")).isEqualTo(NodeStandIn.PROTOCOL);
        assertThat(handshake.headers().toString()).doesNotContain("bearer.");
        assertThat(claims(handshake.header("X-AiCockpit-Identity")).get("sub").asText()).isEqualTo("dave");
    }

    @Test
    void refusesAnotherTenantsWorkspaceWithAPlain404BeforeAnyUpgrade() throws IOException {
        // the owner's lookup is cached; it must not make the workspace visible to anyone else
        assertThat(rawUpgrade(terminal(workspace), token(tenant, "dave"), null).status).isEqualTo(101);

        Raw outsider = rawUpgrade(terminal(workspace), token(otherTenant, "carol"), null);

        assertThat(outsider.status).isEqualTo(404);
        assertThat(outsider.headers).doesNotContainIgnoringCase("upgrade: websocket");
        assertThat(outsider.headers).containsIgnoringCase("content-type: application/problem+json");
        JsonNode problem = json.readTree(outsider.body);
        assertThat(problem.get("type").asText()).isEqualTo("urn:aicockpit:problem:workspace-not-found");
        assertThat(problem.get("requestId").asText()).isNotBlank();
        assertThat(rawUpgrade(terminal(workspace), token(tenant, "dina"), null).status)
                .as("a colleague developer").isEqualTo(404);
        assertThat(rawUpgrade(terminal(workspace), token(tenant, "olga"), null).status)
                .as("an org admin of the tenant").isEqualTo(101);
    }

    @Test
    void passesTheNodesRefusalOnBeforeUpgradingTheClient() throws IOException {
        Raw refused = rawUpgrade(terminal(workspace) + "?terminalId=gone", token(tenant, "dave"), null);

        assertThat(refused.status).isEqualTo(404);
        assertThat(refused.headers).doesNotContainIgnoringCase("upgrade: websocket");
        assertThat(json.readTree(refused.body).get("type").asText())
                .isEqualTo("urn:aicockpit:problem:terminal-not-found");
    }

    @Test
    void answers502BeforeUpgradingWhenTheNodeIsDown() throws IOException {
        String onDeadNode = UUID.randomUUID().toString();
        DIRECTORY.put(onDeadNode, new WorkspaceDirectoryStandIn.Workspace(tenant, "dave", "node-down", "RUNNING"));

        Raw refused = rawUpgrade(terminal(onDeadNode), token(tenant, "dave"), null);

        assertThat(refused.status).isEqualTo(502);
        assertThat(json.readTree(refused.body).get("type").asText())
                .isEqualTo("urn:aicockpit:problem:upstream-unavailable");
    }

    @Test
    void refusesAnUpgradeWithoutTokenWith401() throws IOException {
        Raw refused = rawUpgrade(terminal(workspace), null, null);

        assertThat(refused.status).isEqualTo(401);
        assertThat(json.readTree(refused.body).get("type").asText()).isEqualTo("urn:aicockpit:problem:unauthenticated");
    }

    @Test
    void refusesAnUpgradeFromAForeignOriginWith403AndAcceptsAWebOrigin() throws IOException {
        Raw foreign = rawUpgrade(terminal(workspace), token(tenant, "dave"), "https://evil.example");
        Raw allowed = rawUpgrade(terminal(workspace), token(tenant, "dave"), "http://127.0.0.1:8080");

        assertThat(foreign.status).isEqualTo(403);
        assertThat(json.readTree(foreign.body).get("type").asText())
                .isEqualTo("urn:aicockpit:problem:origin-not-allowed");
        assertThat(allowed.status).isEqualTo(101);
    }

    @Test
    void refusesAnUpgradeOnAPathThatServesNoWebSocket() throws IOException {
        int before = DIRECTORY.lookups.get();

        Raw refused = rawUpgrade("/api/v1/workspaces/" + workspace, token(tenant, "dave"), null);

        assertThat(refused.status).isEqualTo(400);
        assertThat(json.readTree(refused.body).get("type").asText())
                .isEqualTo("urn:aicockpit:problem:websocket-not-supported");
        assertThat(DIRECTORY.lookups.get()).isEqualTo(before);
    }

    @Test
    void refusesATerminalOnAStoppedWorkspaceBeforeTheUpgradeButServesItsFiles() throws IOException {
        String stopped = UUID.randomUUID().toString();
        DIRECTORY.put(stopped, new WorkspaceDirectoryStandIn.Workspace(tenant, "dave", "node-b", "STOPPED"));

        Raw refused = rawUpgrade(terminal(stopped), token(tenant, "dave"), null);

        assertThat(refused.status).isEqualTo(409);
        assertThat(json.readTree(refused.body).get("type").asText())
                .isEqualTo("urn:aicockpit:problem:workspace-not-running");
        web.get().uri("/api/v1/workspaces/" + stopped + "/files?path=src")
                .headers(h -> h.setBearerAuth(token(tenant, "dave"))).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.node").isEqualTo("node-b");
    }

    @Test
    void routesTerminalsAndFilesToTheNodeHoldingTheWorkspace() throws InterruptedException {
        String onB = UUID.randomUUID().toString();
        String onUnknownNode = UUID.randomUUID().toString();
        DIRECTORY.put(onB, new WorkspaceDirectoryStandIn.Workspace(tenant, "dave", "node-b", "RUNNING"));
        DIRECTORY.put(onUnknownNode, new WorkspaceDirectoryStandIn.Workspace(tenant, "dave", "node-x", "RUNNING"));
        String dave = token(tenant, "dave");
        String base = "/api/v1/workspaces/" + onB;

        List<String> served = new ArrayList<>();
        for (var call : List.of(
                Map.entry("GET", base + "/terminals"),
                Map.entry("DELETE", base + "/terminals/t-1"),
                Map.entry("GET", base + "/files?path=src%2Fmain%20app"),
                Map.entry("GET", base + "/files/content?path=a%2Bb.txt"),
                Map.entry("PUT", base + "/files/content?path=a.txt&createParents=true"),
                Map.entry("POST", base + "/files/mkdir"),
                Map.entry("POST", base + "/files/move"),
                Map.entry("DELETE", base + "/files?path=old&recursive=true"))) {
            web.method(org.springframework.http.HttpMethod.valueOf(call.getKey())).uri(URI.create(call.getValue()))
                    .headers(h -> {
                        h.setBearerAuth(dave);
                        h.set("X-AiCockpit-Identity", "forged");
                    }).exchange().expectStatus().isOk().expectBody().jsonPath("$.node").isEqualTo("node-b");
            NodeStandIn.Received received = NODE_B.next();
            served.add(received.method() + " " + received.uri());
            assertThat(claims(received.header("X-AiCockpit-Identity")).get("sub").asText()).isEqualTo("dave");
            assertThat(received.header("Authorization")).isNull();
        }

        assertThat(served).containsExactly(
                "GET " + base + "/terminals",
                "DELETE " + base + "/terminals/t-1",
                "GET " + base + "/files?path=src%2Fmain%20app",
                "GET " + base + "/files/content?path=a%2Bb.txt",
                "PUT " + base + "/files/content?path=a.txt&createParents=true",
                "POST " + base + "/files/mkdir",
                "POST " + base + "/files/move",
                "DELETE " + base + "/files?path=old&recursive=true");
        web.get().uri("/api/v1/workspaces/" + onUnknownNode + "/files").headers(h -> h.setBearerAuth(dave))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.node").isEqualTo("default-node");
        web.get().uri(base).headers(h -> h.setBearerAuth(dave)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.id").isEqualTo(onB);
        web.post().uri(base + "/start").headers(h -> h.setBearerAuth(dave)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.service").isEqualTo("command-side");
        web.get().uri(base + "/files").headers(h -> h.setBearerAuth(token(otherTenant, "carol"))).exchange()
                .expectStatus().isNotFound().expectHeader().contentType("application/problem+json");
    }

    @Test
    void streamsWorkspaceStatusEventsFromQuerySideUnbufferedAndPastTheResponseTimeout() throws Exception {
        CountDownLatch releaseLast = new CountDownLatch(1);
        QUERY_SIDE.answer("/api/v1/workspaces/events", new EchoServer.Answer(200, Map.of(), "text/event-stream",
                List.of("id:1\nevent:workspace\ndata:{\"status\":\"PROVISIONING\"}\n\n",
                        "id:2\nevent:workspace\ndata:{\"status\":\"RUNNING\"}\n\n"), releaseLast));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/workspaces/events"))
                .header("Authorization", "Bearer " + token(tenant, "dave")).header("Accept", "text/event-stream")
                .build();
        HttpResponse<java.util.stream.Stream<String>> response = HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> data = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> response.body().filter(line -> line.startsWith("data:"))
                .forEach(data::add));

        await().atMost(WAIT).until(() -> data.size() == 1);
        // the second event comes after more than the 2 s response timeout
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> true);
        releaseLast.countDown();

        await().atMost(WAIT).until(() -> data.size() == 2);
        assertThat(data.get(1)).contains("RUNNING");
        reader.join(WAIT.toMillis());
    }

    @Test
    void waitsForTheFileChangeStreamLongerThanTheResponseTimeout() {
        String body = web.get().uri("/api/v1/workspaces/" + workspace + "/files/changes")
                .headers(h -> h.setBearerAuth(token(tenant, "dave"))).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();

        assertThat(body).contains("event: change");
    }

    @Test
    void countsATerminalSessionAsOneRequestHoweverManyMessagesItCarries() {
        String limited = newTenant("limited");
        register(limited, Map.of("issuer", TestIdp.issuer(limited), "audiences", List.of(TestIdp.AUDIENCE),
                "roleClaim", "realm_access.roles", "roleMapping", Map.of("dev", "DEVELOPER"),
                "rateLimits", Map.of("userRequestsPerMinute", 3))).expectStatus().isOk();
        TestIdp.grant(limited, "lena", "dev");
        String own = UUID.randomUUID().toString();
        DIRECTORY.put(own, new WorkspaceDirectoryStandIn.Workspace(limited, "lena", "node-a", "RUNNING"));
        String lena = token(limited, "lena");
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(lena);
        headers.setOrigin("http://localhost:8080");

        Session session = open(terminal(own), headers, List.of(NodeStandIn.PROTOCOL), 20);

        assertThat(session.echo).isEqualTo("node-a:again");
        web.get().uri("/api/v1/workspaces/" + own + "/files").headers(h -> h.setBearerAuth(lena)).exchange()
                .expectStatus().isOk().expectHeader().valueEquals("RateLimit-Remaining", "1");
    }

    @Test
    void auditsFileWritesButNotFileReads() {
        String dave = token(tenant, "dave");
        String write = "write-" + UUID.randomUUID();
        String read = "read-" + UUID.randomUUID();
        web.put().uri("/api/v1/workspaces/" + workspace + "/files/content?path=a.txt")
                .headers(h -> {
                    h.setBearerAuth(dave);
                    h.set("X-Request-Id", write);
                }).bodyValue("hello").exchange().expectStatus().isOk();
        web.get().uri("/api/v1/workspaces/" + workspace + "/files/content?path=a.txt")
                .headers(h -> {
                    h.setBearerAuth(dave);
                    h.set("X-Request-Id", read);
                }).exchange().expectStatus().isOk();

        Map<String, Object> record = await().atMost(WAIT).until(() -> auditRecord(write), r -> r != null);
        assertThat(record).containsEntry("action", "PUT /api/v1/workspaces/{id}/files/content")
                .containsEntry("outcome", "ALLOWED");
        assertThat(auditRecord(read)).isNull();
    }

    private Map<String, Object> auditRecord(String requestId) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT action, resource_id, http_status, outcome,"
                + " actor_subject, detail::text AS detail FROM gateway.audit_record WHERE request_id = ?", requestId);
        return rows.isEmpty() ? null : new LinkedHashMap<>(rows.getFirst());
    }

    private JsonNode claims(String token) {
        assertThat(token).isNotNull().isNotEqualTo("forged");
        try {
            return json.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a WebSocket session through the gateway showed: the selected protocol and the last echo. */
    private record Session(String protocol, String echo) {}

    private Session open(String path, HttpHeaders headers, List<String> protocols) {
        return open(path, headers, protocols, 1);
    }

    /** Sends "hello" {@code messages} times and later "again"; the session's echo is the last one received. */
    private Session open(String path, HttpHeaders headers, List<String> protocols, int messages) {
        AtomicReference<String> protocol = new AtomicReference<>();
        AtomicReference<String> echo = new AtomicReference<>();
        WebSocketHandler handler = new WebSocketHandler() {
            @Override
            public List<String> getSubProtocols() {
                return protocols;
            }

            @Override
            public Mono<Void> handle(org.springframework.web.reactive.socket.WebSocketSession session) {
                protocol.set(session.getHandshakeInfo().getSubProtocol());
                // "hello" × messages now, "again" once the session is SESSION_LENGTH old; the echo of "again" shows
                // the relay outlives the handshake
                Mono<Void> send = session.send(reactor.core.publisher.Flux.concat(
                        reactor.core.publisher.Flux.range(0, messages).map(i -> session.textMessage("hello")),
                        Mono.delay(SESSION_LENGTH).map(tick -> session.textMessage("again"))));
                Mono<Void> receive = session.receive().map(WebSocketMessage::getPayloadAsText).take(messages + 1)
                        .doOnNext(echo::set).then();
                return Mono.when(send, receive).then(session.close());
            }
        };
        new ReactorNettyWebSocketClient().execute(URI.create("ws://127.0.0.1:" + port + path), headers, handler)
                .block(WAIT);
        return new Session(protocol.get(), echo.get());
    }

    /** A hand-written upgrade request, so the test sees the raw answer: status line, headers, body. */
    private record Raw(int status, String headers, String body) {}

    private Raw rawUpgrade(String path, String token, String origin) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\n")
                    .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                    .append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n")
                    .append("Sec-WebSocket-Protocol: ").append(NodeStandIn.PROTOCOL).append("\r\n");
            if (token != null) {
                request.append("Authorization: Bearer ").append(token).append("\r\n");
            }
            if (origin != null) {
                request.append("Origin: ").append(origin).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            int status = Integer.parseInt(head.split(" ", 3)[1]);
            int length = 0;
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            return new Raw(status, head, new String(in.readNBytes(length), StandardCharsets.UTF_8));
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (true) {
            int next = in.read();
            if (next < 0) {
                break;
            }
            head.write(next);
            byte[] bytes = head.toByteArray();
            int n = bytes.length;
            if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') {
                break;
            }
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
