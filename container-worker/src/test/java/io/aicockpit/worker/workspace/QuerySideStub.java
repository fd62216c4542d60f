package io.aicockpit.worker.workspace;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.identity.InternalIdentity;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for query-side's {@code GET /api/v1/workspaces/{id}}: 200 with a workspace for a registered
 * (tenant, workspace, subject) named by the caller's token, 500 for workspaces registered as broken, 404 otherwise.
 * The real query-side is exercised by the system tests.
 */
public final class QuerySideStub implements AutoCloseable {
    private static final String PREFIX = "/api/v1/workspaces/";
    private final HttpServer server;
    private final Set<String> visible = ConcurrentHashMap.newKeySet();
    private final Set<String> broken = ConcurrentHashMap.newKeySet();

    public QuerySideStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(PREFIX, this::handle);
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public void show(TenantId tenant, WorkspaceId workspace, String subject) {
        visible.add(tenant.value() + "|" + workspace + "|" + subject);
    }

    void breakOn(WorkspaceId workspace) {
        broken.add(workspace.toString());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String workspace = exchange.getRequestURI().getPath().substring(PREFIX.length());
            if (broken.contains(workspace)) {
                exchange.sendResponseHeaders(500, -1);
                return;
            }
            String tenant;
            String subject;
            try {
                JWTClaimsSet claims = SignedJWT.parse(exchange.getRequestHeaders().getFirst(InternalIdentity.HEADER))
                        .getJWTClaimsSet();
                tenant = claims.getStringClaim(InternalIdentity.CLAIM_TENANT);
                subject = claims.getSubject();
            } catch (Exception e) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            if (!visible.contains(tenant + "|" + workspace + "|" + subject)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = ("{\"id\":\"" + workspace + "\",\"tenantId\":\"" + tenant
                    + "\",\"status\":\"RUNNING\",\"nodeId\":\"it-node\",\"containerId\":null}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
