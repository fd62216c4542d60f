package io.aicockpit.aiworker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.aicockpit.coreapi.identity.InternalIdentity;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands for the container-worker node's workspace API in ai-worker's own tests: {@code GET …/files/content} serves
 * files registered per workspace, and {@code POST …/exec} records the command and answers that it ran with exit code
 * 0. Like the node, it answers only the identity token the workspace was registered for (404 otherwise). The real
 * node, with real containers, is exercised by the system tests.
 */
public final class FakeWorkspaceNode {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static FakeWorkspaceNode instance;

    private final HttpServer server;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Map<String, Map<String, byte[]>> files = new ConcurrentHashMap<>();
    private final List<Run> runs = new CopyOnWriteArrayList<>();

    /** A command the node was asked to run. */
    public record Run(String workspaceId, String identity, String command, int timeoutSeconds) {}

    private FakeWorkspaceNode() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/workspaces/", this::handle);
        server.start();
    }

    public static synchronized FakeWorkspaceNode get() {
        if (instance == null) {
            try {
                instance = new FakeWorkspaceNode();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Makes the workspace's files readable (and its commands runnable) by the holder of {@code identityToken}. */
    public void workspace(String workspaceId, String identityToken, Map<String, byte[]> workspaceFiles) {
        tokens.put(workspaceId, identityToken);
        files.put(workspaceId, new HashMap<>(workspaceFiles));
    }

    public List<Run> runs(String workspaceId) {
        return runs.stream().filter(run -> run.workspaceId().equals(workspaceId)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String[] path = exchange.getRequestURI().getPath().split("/");
        // /api/v1/workspaces/{id}/files/content or /api/v1/workspaces/{id}/exec
        String workspaceId = path.length > 4 ? path[4] : "";
        String identity = exchange.getRequestHeaders().getFirst(InternalIdentity.HEADER);
        if (identity == null || !identity.equals(tokens.get(workspaceId))) {
            problem(exchange, 404, "workspace-not-found");
            return;
        }
        if (exchange.getRequestMethod().equals("POST") && exchange.getRequestURI().getPath().endsWith("/exec")) {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            runs.add(new Run(workspaceId, identity, body.get("command").asText(), body.get("timeoutSeconds").asInt()));
            send(exchange, 200, "application/json", JSON.createObjectNode().put("exitCode", 0)
                    .put("output", "ran\n").put("truncated", false).put("timedOut", false).put("durationMs", 3)
                    .toString().getBytes(StandardCharsets.UTF_8), Map.of());
            return;
        }
        Map<String, String> query = new HashMap<>();
        for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        byte[] content = files.get(workspaceId).get(query.get("path"));
        if (content == null) {
            problem(exchange, 404, "file-not-found");
            return;
        }
        int max = Integer.parseInt(query.get("maxBytes"));
        byte[] sent = content.length > max ? Arrays.copyOf(content, max) : content;
        send(exchange, 200, "application/octet-stream", sent, Map.of("X-AiCockpit-File-Size",
                Integer.toString(content.length), "X-AiCockpit-File-Truncated", Boolean.toString(sent != content)));
    }

    private static void problem(HttpExchange exchange, int status, String kind) throws IOException {
        send(exchange, status, "application/problem+json", JSON.createObjectNode()
                .put("type", "urn:aicockpit:problem:" + kind).put("status", status).put("detail", kind)
                .toString().getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body, Map<String, String> headers)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        headers.forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
