package io.aicockpit.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aicockpit.gateway.identity.InternalTokenClaims;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the query-side stand-in answer {@code GET /api/v1/workspaces/{id}} for one workspace with query-side's
 * visibility rule: visible to its owner and to an org admin of its tenant, read from the gateway's identity token
 * (not verified here; query-side's own tests cover that). Anyone else gets query-side's 404. Counts lookups.
 */
final class WorkspaceDirectoryStandIn {
    /** One workspace of the read model. */
    record Workspace(String tenant, String owner, String nodeId, String status) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private final EchoServer querySide;
    final AtomicInteger lookups = new AtomicInteger();

    WorkspaceDirectoryStandIn(EchoServer querySide) {
        this.querySide = querySide;
    }

    void put(String workspaceId, Workspace workspace) {
        querySide.respond("/api/v1/workspaces/" + workspaceId, request -> {
            lookups.incrementAndGet();
            JsonNode caller = claims(request.header(InternalTokenClaims.HEADER));
            boolean visible = caller != null
                    && workspace.tenant().equals(caller.path(InternalTokenClaims.TENANT).asText())
                    && (workspace.owner().equals(caller.path("sub").asText())
                    || caller.path(InternalTokenClaims.ROLES).toString().contains("ORG_ADMIN"));
            if (!visible) {
                return new EchoServer.Answer(404, Map.of(), "application/problem+json",
                        List.of("{\"type\":\"urn:aicockpit:problem:workspace-not-found\",\"status\":404}"), null);
            }
            try {
                return new EchoServer.Answer(200, Map.of(), "application/json", List.of(JSON.writeValueAsString(
                        Map.of("id", workspaceId, "tenantId", workspace.tenant(), "status", workspace.status(),
                                "nodeId", workspace.nodeId()))), null);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static JsonNode claims(String token) {
        if (token == null || token.split("\\.").length != 3) {
            return null;
        }
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        } catch (IOException e) {
            return null;
        }
    }
}
