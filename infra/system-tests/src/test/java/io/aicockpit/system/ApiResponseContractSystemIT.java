package io.aicockpit.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.aicockpit.support.contract.ApiDocument;
import io.aicockpit.system.Platform.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real answers of the platform, through the gateway with real tokens, match the schemas docs/openapi.yaml gives
 * them: successes (JSON bodies) and problems. Which operations exist is each service's {@code ApiContractIT}; this
 * checks what they answer.
 */
class ApiResponseContractSystemIT {
    static final Duration SETTLE = Duration.ofSeconds(60);
    static Platform platform;

    private final ApiDocument document = ApiDocument.load();
    private final SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final List<String> mismatches = new ArrayList<>();

    @BeforeAll
    static void platform() throws Exception {
        platform = Platform.get();
    }

    @Test
    void answersMatchTheDocumentedSchemas() throws Exception {
        String tenant = platform.onboardThroughGateway("contract", null);
        ServiceProcess gateway = platform.gateway();
        Map<String, String> alice = bearer(Idp.userToken(tenant, "alice"));
        Map<String, String> admin = bearer(Idp.userToken(tenant, "admin"));
        Map<String, String> operator = bearer(Idp.clientToken(Idp.PLATFORM, "ops"));
        String ws = "/api/v1/workspaces/{workspaceId}";

        Response created = platform.post(gateway, "/api/v1/workspaces", alice, Map.of("name", "contract",
                "stackId", "busybox"));
        check("POST", "/api/v1/workspaces", created);
        String id = created.body().get("workspaceId").asText();
        String at = "/api/v1/workspaces/" + id;
        await().atMost(SETTLE).until(() -> "STOPPED".equals(platform.status(tenant, id)));
        check("POST", ws + "/start", platform.post(gateway, at + "/start", alice, null));
        await().atMost(SETTLE).until(() -> "RUNNING".equals(platform.status(tenant, id)));

        check("GET", "/api/v1/me", platform.get(gateway, "/api/v1/me", alice));
        check("GET", "/api/v1/workspaces", platform.get(gateway, "/api/v1/workspaces", alice));
        check("GET", ws, platform.get(gateway, at, alice));
        check("GET", ws + "/files", platform.get(gateway, at + "/files?path=", alice));
        check("GET", ws + "/terminals", platform.get(gateway, at + "/terminals", alice));
        check("GET", ws + "/disk", platform.get(gateway, at + "/disk", alice));
        check("POST", ws + "/files/mkdir", platform.post(gateway, at + "/files/mkdir", alice, Map.of("path", "src")));
        check("GET", ws + "/files", platform.get(gateway, at + "/files?path=../etc", alice));
        check("GET", "/api/v1/tenant", platform.get(gateway, "/api/v1/tenant", alice));
        check("GET", "/api/v1/tenant/limits", platform.get(gateway, "/api/v1/tenant/limits", admin));
        check("GET", "/api/v1/ai-services", platform.get(gateway, "/api/v1/ai-services", admin));
        check("GET", "/api/v1/usage", platform.get(gateway, "/api/v1/usage?groupBy=user", admin));
        check("GET", "/api/v1/audit", platform.get(gateway, "/api/v1/audit?limit=5", admin));
        check("GET", "/api/v1/audit", platform.get(gateway, "/api/v1/audit?outcome=MAYBE", admin));
        check("GET", "/api/v1/audit/verify", platform.get(gateway, "/api/v1/audit/verify", admin));
        check("GET", "/api/v1/tenants/{tenantId}/idle-timeout",
                platform.get(gateway, "/api/v1/tenants/" + tenant + "/idle-timeout", admin));
        check("GET", "/api/v1/tenants", platform.get(gateway, "/api/v1/tenants?limit=2", operator));
        check("GET", "/api/v1/tenants/{tenantId}", platform.get(gateway, "/api/v1/tenants/" + tenant, operator));
        check("GET", "/api/v1/tenants/{tenantId}/identity-provider",
                platform.get(gateway, "/api/v1/tenants/" + tenant + "/identity-provider", operator));
        check("GET", "/api/v1/login-settings/{tenant}",
                platform.get(gateway, "/api/v1/login-settings/" + tenant, Map.of()));
        // problems
        check("GET", ws, platform.get(gateway, "/api/v1/workspaces/0f8fad5b-d9cb-469f-a165-70867728950e", alice));
        check("GET", "/api/v1/workspaces", platform.get(gateway, "/api/v1/workspaces", Map.of()));
        check("GET", "/api/v1/tenants", platform.get(gateway, "/api/v1/tenants", alice));
        check("POST", "/api/v1/workspaces", platform.post(gateway, "/api/v1/workspaces", alice, Map.of("name", "")));
        Response again = platform.post(gateway, at + "/start", alice, null);
        assertThat(again.status()).as("a running workspace is not started twice").isEqualTo(409);
        check("POST", ws + "/start", again);
        check("POST", ws + "/stop", platform.post(gateway, at + "/stop", alice, null));
        await().atMost(SETTLE).until(() -> "STOPPED".equals(platform.status(tenant, id)));
        check("DELETE", ws, platform.send(gateway, "DELETE", at, alice, null));

        assertThat(mismatches).as("answers that do not match docs/openapi.yaml").isEmpty();
    }

    /** Records a mismatch between the answer and its documented schema, if any. */
    private void check(String method, String template, Response response) throws Exception {
        String mediaType = response.status() >= 400 ? "application/problem+json" : "application/json";
        var schema = document.responseSchema(method, template, response.status(), mediaType);
        if (schema.isEmpty()) {
            if (response.body() != null) {
                mismatches.add(method + " " + template + " " + response.status() + ": a body the document does "
                        + "not give this answer: " + response.body());
            }
            return;
        }
        if (response.body() == null) {
            mismatches.add(method + " " + template + " " + response.status() + ": no body, expected " + mediaType);
            return;
        }
        schemas.getSchema(Platform.JSON.writeValueAsString(schema.get())).validate(response.body())
                .forEach(error -> mismatches.add(method + " " + template + " " + response.status() + ": "
                        + error.getInstanceLocation() + " " + error.getMessage() + " in " + response.body()));
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }
}
