package io.aicockpit.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The workspace terminal through the real gateway, IdP, services and Docker engine, with a real WebSocket client
 * (the JDK's): refusals come before any upgrade as plain problems; the owner runs commands, resizes, drops the
 * connection and gets the missed output replayed on reattach; stopping the workspace ends the terminal. The session
 * part needs container-worker's terminal endpoint (protocol in issue 13).
 */
class TerminalThroughGatewaySystemIT {
    static final Duration SETTLE = Duration.ofSeconds(60);
    static final String PROTOCOL = "aicockpit.terminal.v1";
    static Platform platform;
    static ServiceProcess gateway;

    @BeforeAll
    static void platform() throws Exception {
        platform = Platform.get();
        gateway = platform.gateway();
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private static String terminalPath(String id) {
        return "/api/v1/workspaces/" + id + "/terminal";
    }

    @Test
    void refusesOutsidersWithoutTokenAndForeignOriginsBeforeAnyUpgrade() throws Exception {
        String tenant = platform.onboardThroughGateway("term-refuse", null);
        String other = platform.onboardThroughGateway("term-other", null);
        String id = platform.post(gateway, "/api/v1/workspaces", bearer(Idp.userToken(tenant, "alice")),
                Map.of("name", "refusing", "stackId", "busybox")).body().get("workspaceId").asText();
        await().atMost(SETTLE).until(() -> "STOPPED".equals(platform.status(tenant, id)));

        Raw colleague = rawUpgrade(terminalPath(id), Idp.userToken(tenant, "carol"), null);
        Raw outsider = rawUpgrade(terminalPath(id), Idp.userToken(other, "admin"), null);
        Raw anonymous = rawUpgrade(terminalPath(id), null, null);
        Raw foreignOrigin = rawUpgrade(terminalPath(id), Idp.userToken(tenant, "alice"), "https://evil.example");
        Raw notRunning = rawUpgrade(terminalPath(id), Idp.userToken(tenant, "alice"), webOrigin());

        assertRefused(colleague, 404, "workspace-not-found");
        assertRefused(outsider, 404, "workspace-not-found");
        assertThat(outsider.body).doesNotContain("refusing");
        assertRefused(anonymous, 401, "unauthenticated");
        assertRefused(foreignOrigin, 403, "origin-not-allowed");
        assertRefused(notRunning, 409, "workspace-not-running");
        assertThat(platform.send(gateway, "DELETE", "/api/v1/workspaces/" + id,
                bearer(Idp.userToken(tenant, "alice")), null).status()).isEqualTo(202);
    }

    @Test
    void ownerRunsCommandsResizesReattachesWithReplayAndStoppingEndsTheTerminal() throws Exception {
        String tenant = platform.onboardThroughGateway("term", null);
        Map<String, String> alice = bearer(Idp.userToken(tenant, "alice"));
        String id = platform.post(gateway, "/api/v1/workspaces", alice,
                Map.of("name", "terminal", "stackId", "busybox")).body().get("workspaceId").asText();
        assertThat(platform.post(gateway, "/api/v1/workspaces/" + id + "/start", alice, null).status())
                .isEqualTo(202);
        await().atMost(SETTLE).until(() -> "RUNNING".equals(platform.status(tenant, id)));
        try {
            useTheTerminal(tenant, id, alice);
        } finally {
            platform.send(gateway, "DELETE", "/api/v1/workspaces/" + id, alice, null);
            await().atMost(SETTLE).until(() -> "DELETED".equals(platform.status(tenant, id)));
        }
    }

    private void useTheTerminal(String tenant, String id, Map<String, String> alice) throws Exception {
        // the node's own refusals reach the client as they are, not as an unreachable node
        assertRefused(rawUpgrade(terminalPath(id) + "?cols=0&rows=0", Idp.userToken(tenant, "alice"), null), 400,
                "invalid-request");
        // as a browser does it: the token as subprotocol, from a web origin
        Terminal first = Terminal.open(gateway.url(terminalPath(id) + "?cols=80&rows=24").replace("http", "ws"),
                Map.of("Origin", webOrigin()), "bearer." + Idp.userToken(tenant, "alice"));
        assertThat(first.socket.getSubprotocol()).isEqualTo(PROTOCOL);
        JsonNode session = first.awaitControl("session");
        String terminalId = session.get("terminalId").asText();
        assertThat(session.get("reattached").asBoolean()).isFalse();

        first.type("echo result-$((6*7))\n");
        await().atMost(SETTLE).until(() -> first.output().contains("result-42"));
        first.control("{\"type\":\"resize\",\"cols\":100,\"rows\":30}");
        first.type("stty size\n");
        await().atMost(SETTLE).until(() -> first.output().contains("30 100"));

        first.type("sleep 2; echo missed-$((1+1))\n");
        // the shell has the line once the tty echoes it; only then drop the connection, mid-sleep
        await().atMost(SETTLE).until(() -> first.output().contains("echo missed-$((1+1))"));
        first.socket.abort();
        Terminal second = Terminal.open(gateway.url(terminalPath(id) + "?terminalId=" + terminalId)
                .replace("http", "ws"), Map.of("Authorization", "Bearer " + Idp.userToken(tenant, "alice")), null);
        JsonNode reattached = second.awaitControl("session");
        assertThat(reattached.get("terminalId").asText()).isEqualTo(terminalId);
        assertThat(reattached.get("reattached").asBoolean()).isTrue();
        await().atMost(SETTLE).until(() -> second.output().contains("missed-2"));
        assertThat(second.output()).contains("result-42");

        assertThat(platform.post(gateway, "/api/v1/workspaces/" + id + "/stop", alice, null).status())
                .isEqualTo(202);
        second.awaitControl("exit");
        await().atMost(SETTLE).until(second::closed);
    }

    /** The gateway's own origin, which the platform lists among its web origins (the web app is served there). */
    private static String webOrigin() {
        return gateway.url("");
    }

    private static void assertRefused(Raw raw, int status, String kind) throws IOException {
        assertThat(raw.status).as(raw.head).isEqualTo(status);
        assertThat(raw.head.toLowerCase()).doesNotContain("upgrade: websocket")
                .contains("content-type: application/problem+json");
        JsonNode problem = Platform.JSON.readTree(raw.body);
        assertThat(problem.get("type").asText()).isEqualTo("urn:aicockpit:problem:" + kind);
        assertThat(problem.get("requestId").asText()).isNotBlank();
    }

    /** The raw answer to a hand-written upgrade request: status line and headers, body. */
    private record Raw(int status, String head, String body) {}

    private static Raw rawUpgrade(String path, String token, String origin) throws IOException {
        URI gatewayUri = URI.create(gateway.url(""));
        try (Socket socket = new Socket(gatewayUri.getHost(), gatewayUri.getPort())) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\n")
                    .append("Host: ").append(gatewayUri.getAuthority()).append("\r\n")
                    .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                    .append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n")
                    .append("Sec-WebSocket-Protocol: ").append(PROTOCOL).append("\r\n");
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
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int next = in.read();
                if (next < 0) {
                    break;
                }
                head.write(next);
            }
            String headers = head.toString(StandardCharsets.US_ASCII);
            int length = 0;
            for (String line : headers.split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            return new Raw(Integer.parseInt(headers.split(" ", 3)[1]), headers,
                    new String(in.readNBytes(length), StandardCharsets.UTF_8));
        }
    }

    /** One terminal connection: the terminal's bytes and its control messages as they arrive. */
    static final class Terminal implements WebSocket.Listener {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final List<JsonNode> controls = new CopyOnWriteArrayList<>();
        private final StringBuilder text = new StringBuilder();
        private volatile boolean closed;
        private volatile String closeReason;
        WebSocket socket;

        static Terminal open(String url, Map<String, String> headers, String bearerProtocol) throws Exception {
            Terminal terminal = new Terminal();
            WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(10));
            headers.forEach(builder::header);
            if (bearerProtocol != null) {
                builder.subprotocols(bearerProtocol, PROTOCOL);
            } else {
                builder.subprotocols(PROTOCOL);
            }
            try {
                terminal.socket = builder.buildAsync(URI.create(url), terminal).get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof WebSocketHandshakeException refused) {
                    throw new AssertionError("terminal refused: " + refused.getResponse().statusCode() + " "
                            + refused.getResponse().body(), e);
                }
                throw e;
            }
            return terminal;
        }

        void type(String input) {
            socket.sendBinary(ByteBuffer.wrap(input.getBytes(StandardCharsets.UTF_8)), true).join();
        }

        void control(String json) {
            socket.sendText(json, true).join();
        }

        synchronized String output() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        JsonNode awaitControl(String type) {
            return await().atMost(SETTLE).until(() -> {
                JsonNode found = controls.stream().filter(control -> control.path("type").asText().equals(type))
                        .findFirst().orElse(null);
                if (found == null && closed) {
                    throw new AssertionError("the terminal closed before a '" + type + "' message: " + closeReason);
                }
                return found;
            }, control -> control != null);
        }

        boolean closed() {
            return closed;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            synchronized (this) {
                bytes.writeBytes(chunk);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    controls.add(Platform.JSON.readTree(text.toString()));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason = statusCode + " " + reason;
            closed = true;
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeReason = error.toString();
            closed = true;
        }
    }
}
