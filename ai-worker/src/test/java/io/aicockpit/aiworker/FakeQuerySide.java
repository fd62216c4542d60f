package io.aicockpit.aiworker;

import com.sun.net.httpserver.HttpServer;
import io.aicockpit.coreapi.identity.InternalIdentity;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands for query-side's {@code GET /api/v1/workspaces/{id}}: a workspace is visible (200, RUNNING on
 * {@link #NODE}) only to the identity
 * token it was registered for, anything else answers 404 as query-side does for another tenant's workspace. One per
 * JVM on 127.0.0.1; remembers which identity header each request carried.
 */
public final class FakeQuerySide {
    /** The node every visible workspace runs on. */
    public static final String NODE = "fake-node";
    private static FakeQuerySide instance;

    private final HttpServer server;
    private final Map<String, String> visibleTo = new ConcurrentHashMap<>();
    private final List<String[]> received = new CopyOnWriteArrayList<>();

    private FakeQuerySide() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/workspaces/", exchange -> {
            String id = exchange.getRequestURI().getPath().substring("/api/v1/workspaces/".length());
            String identity = exchange.getRequestHeaders().getFirst(InternalIdentity.HEADER);
            received.add(new String[] {id, identity});
            boolean visible = identity != null && identity.equals(visibleTo.get(id));
            byte[] body = (visible ? "{\"id\":\"" + id + "\",\"tenantId\":\"" + tenantOf(identity)
                    + "\",\"status\":\"RUNNING\",\"nodeId\":\"" + NODE + "\"}"
                    : "{\"type\":\"urn:aicockpit:problem:workspace-not-found\",\"status\":404}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type",
                    visible ? "application/json" : "application/problem+json");
            exchange.sendResponseHeaders(visible ? 200 : 404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** The tenant claim of a (test-signed) identity token, as query-side's real view carries the tenant. */
    private static String tenantOf(String identity) {
        try {
            String payload = new String(java.util.Base64.getUrlDecoder().decode(identity.split("\\.")[1]),
                    StandardCharsets.UTF_8);
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(payload)
                    .path(InternalIdentity.CLAIM_TENANT).asText();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    public static synchronized FakeQuerySide get() {
        if (instance == null) {
            try {
                instance = new FakeQuerySide();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Makes {@code workspaceId} visible to the holder of {@code identityToken}. */
    public void workspace(String workspaceId, String identityToken) {
        visibleTo.put(workspaceId, identityToken);
    }

    /** The identity headers the requests for {@code workspaceId} carried, in order. */
    public List<String> identitiesAskingFor(String workspaceId) {
        return received.stream().filter(r -> r[0].equals(workspaceId)).map(r -> r[1]).toList();
    }
}
