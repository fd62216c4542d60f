package io.aicockpit.query.workspace;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.identity.InternalIdentity;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import io.aicockpit.support.identity.TestIdentityTokens;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Calls the workspace API as a gateway would, with the trusted headers of one tenant. */
record WorkspaceApi(TestRestTemplate http) {
    static final Duration PROJECTION_DEADLINE = Duration.ofSeconds(15);
    private static final String WORKSPACES = "/api/v1/workspaces";

    ResponseEntity<JsonNode> get(TenantId tenant, Object workspaceId) {
        return exchange(WORKSPACES + "/" + workspaceId, callerHeaders(tenant));
    }

    ResponseEntity<JsonNode> list(TenantId tenant, String query) {
        return exchange(WORKSPACES + (query.isEmpty() ? "" : "?" + query), callerHeaders(tenant));
    }

    ResponseEntity<JsonNode> exchange(String pathAndQuery, HttpHeaders headers) {
        return http.exchange(pathAndQuery, HttpMethod.GET, new HttpEntity<>(headers), JsonNode.class);
    }

    /** Waits until the projection has applied the workspace's event with this sequence number. */
    JsonNode awaitVersion(TenantId tenant, WorkspaceId workspaceId, long version) {
        AtomicReference<JsonNode> view = new AtomicReference<>();
        await().atMost(PROJECTION_DEADLINE).pollInterval(Duration.ofMillis(25)).until(() -> {
            ResponseEntity<JsonNode> response = get(tenant, workspaceId);
            view.set(response.getBody());
            return response.getStatusCode() == HttpStatus.OK && response.getBody().get("version").asLong() >= version;
        });
        return view.get();
    }

    static HttpHeaders callerHeaders(TenantId tenant) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(InternalIdentity.HEADER, TestIdentityTokens.token(tenant.value(), "ada", "ORG_ADMIN"));
        return headers;
    }
}
