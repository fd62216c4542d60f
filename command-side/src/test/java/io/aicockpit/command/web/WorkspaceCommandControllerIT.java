package io.aicockpit.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aicockpit.command.support.CommandSideIT;
import io.aicockpit.coreapi.identity.InternalIdentity;
import io.aicockpit.support.identity.TestIdentityTokens;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

class WorkspaceCommandControllerIT extends CommandSideIT {
    String tenant;

    @BeforeEach
    void onboard() {
        tenant = uniqueTenant("acme");
        assertThat(post("/api/v1/tenants", operator(), tenantBody(tenant, 3)).getStatusCode().value()).isEqualTo(201);
    }

    @Test
    void onboardsTenantOnlyForPlatformOperators() {
        ResponseEntity<JsonNode> r = post("/api/v1/tenants", as(null, "alice", "ORG_ADMIN"),
                tenantBody(uniqueTenant("x"), 1));
        assertProblem(r, 403, "forbidden");
    }

    @Test
    void refusesDuplicateTenant() {
        assertProblem(post("/api/v1/tenants", operator(), tenantBody(tenant, 3)), 409, "already-exists");
    }

    @Test
    void refusesMalformedTenantWithFieldErrors() {
        ResponseEntity<JsonNode> r = post("/api/v1/tenants", operator(), tenantBody("Bad_Slug", 3));
        assertProblem(r, 400, "invalid-request");
        assertThat(r.getBody().get("errors").get(0).get("field").asText()).isEqualTo("id");
    }

    @Test
    void refusesTenantWhoseDefaultsExceedItsMaximum() {
        Map<String, Object> body = Map.of("id", uniqueTenant("y"), "name", "Y", "quotas", Map.of(
                "maxRunningWorkspaces", 1,
                "defaultLimits", Map.of("memoryMiB", 2048, "swapMiB", 0, "cpus", 1, "pids", 64),
                "maxLimits", Map.of("memoryMiB", 1024, "swapMiB", 0, "cpus", 1, "pids", 64)));
        assertProblem(post("/api/v1/tenants", operator(), body), 422, "invalid-tenant");
    }

    @Test
    void createsWorkspaceAndAnswersWithItsLocation() {
        ResponseEntity<JsonNode> r = post("/api/v1/workspaces", dev(), Map.of("name", "demo", "stackId", "busybox"));
        assertThat(r.getStatusCode().value()).isEqualTo(201);
        String id = r.getBody().get("workspaceId").asText();
        assertThat(r.getHeaders().getLocation()).hasToString("/api/v1/workspaces/" + id);
        assertThat(r.getBody().get("status").asText()).isEqualTo("STOPPED");
    }

    @Test
    void refusesUnknownFieldsInsteadOfIgnoringThem() {
        ResponseEntity<JsonNode> r = post("/api/v1/workspaces", dev(),
                Map.of("name", "demo", "stackId", "busybox", "privileged", true));
        assertProblem(r, 400, "invalid-request");
        assertThat(r.getBody().get("detail").asText()).isEqualTo("unknown field 'privileged'");
    }

    @Test
    void refusesMalformedJson() {
        ResponseEntity<JsonNode> r = client.post().uri("/api/v1/workspaces").headers(dev())
                .contentType(MediaType.APPLICATION_JSON).body("{\"name\": ").retrieve().toEntity(JsonNode.class);
        assertProblem(r, 400, "invalid-request");
    }

    @Test
    void refusesUnknownStack() {
        ResponseEntity<JsonNode> r = post("/api/v1/workspaces", dev(), Map.of("name", "demo", "stackId", "cobol"));
        assertProblem(r, 422, "invalid-workspace");
        assertThat(r.getBody().get("detail").asText()).contains("unknown stack 'cobol'").contains("python_311");
    }

    @Test
    void refusesLimitsAboveTheTenantMaximum() {
        ResponseEntity<JsonNode> r = post("/api/v1/workspaces", dev(),
                Map.of("name", "big", "stackId", "busybox", "limits", Map.of("memoryMiB", 4096)));
        assertProblem(r, 422, "limits-exceed-tenant-maximum");
    }

    @Test
    void refusesOutOfRangeLimitsWithFieldErrors() {
        ResponseEntity<JsonNode> r = post("/api/v1/workspaces", dev(),
                Map.of("name", "tiny", "stackId", "busybox", "limits", Map.of("pids", 0)));
        assertProblem(r, 400, "invalid-request");
        assertThat(r.getBody().get("errors").get(0).get("field").asText()).isEqualTo("limits.pids");
    }

    @Test
    void refusesRequestsThatBypassTheGateway() {
        Map<String, String> body = Map.of("name", "d", "stackId", "busybox");
        // the headers a caller might forge are not an identity
        assertProblem(post("/api/v1/workspaces", h -> {
            h.set("X-AiCockpit-Tenant", tenant);
            h.set("X-AiCockpit-User", "alice");
            h.set("X-AiCockpit-Roles", "ORG_ADMIN");
            h.setContentType(MediaType.APPLICATION_JSON);
        }, body), 401, "unauthenticated");
        assertProblem(post("/api/v1/workspaces", identity(TestIdentityTokens.forgedToken(tenant, "alice", "DEVELOPER")),
                body), 401, "unauthenticated");
        assertProblem(post("/api/v1/workspaces", identity(TestIdentityTokens.expiredToken(tenant, "alice", "DEVELOPER")),
                body), 401, "unauthenticated");
        assertProblem(post("/api/v1/tenants", h -> h.setContentType(MediaType.APPLICATION_JSON),
                tenantBody(uniqueTenant("z"), 1)), 401, "unauthenticated");
    }

    @Test
    void operatorsWithoutTenantCannotCreateWorkspaces() {
        assertProblem(post("/api/v1/workspaces", operator(), Map.of("name", "d", "stackId", "busybox")), 403,
                "forbidden");
    }

    @Test
    void refusesTenantThatWasNeverOnboarded() {
        assertProblem(post("/api/v1/workspaces", as(uniqueTenant("ghost"), "alice", "DEVELOPER"),
                Map.of("name", "d", "stackId", "busybox")), 403, "tenant-not-onboarded");
    }

    @Test
    void startsOnceThenReportsTheConflict() {
        String id = createWorkspace();
        ResponseEntity<JsonNode> started = post("/api/v1/workspaces/" + id + "/start", dev(), null);
        assertThat(started.getStatusCode().value()).isEqualTo(202);
        assertThat(started.getBody().get("status").asText()).isEqualTo("PROVISIONING");
        assertThat(started.getBody().get("actionId").asText()).isNotBlank();

        ResponseEntity<JsonNode> again = post("/api/v1/workspaces/" + id + "/start", dev(), null);
        assertProblem(again, 409, "workspace-state-conflict");
        assertThat(again.getBody().get("currentStatus").asText()).isEqualTo("PROVISIONING");
    }

    @Test
    void anotherTenantsWorkspaceIsNotFoundForEveryCommand() {
        String id = createWorkspace();
        String other = uniqueTenant("globex");
        post("/api/v1/tenants", operator(), tenantBody(other, 3));
        var intruder = as(other, "mallory", "ORG_ADMIN");
        assertProblem(post("/api/v1/workspaces/" + id + "/start", intruder, null), 404, "workspace-not-found");
        assertProblem(post("/api/v1/workspaces/" + id + "/stop", intruder, null), 404, "workspace-not-found");
        assertProblem(client.method(org.springframework.http.HttpMethod.DELETE).uri("/api/v1/workspaces/" + id)
                .headers(intruder).retrieve().toEntity(JsonNode.class), 404, "workspace-not-found");
        assertProblem(patch("/api/v1/workspaces/" + id, intruder, Map.of("name", "mine")), 404, "workspace-not-found");
    }

    @Test
    void aDeveloperCannotTouchAColleaguesWorkspaceButTheOrgAdminCan() {
        String id = createWorkspace();
        assertProblem(post("/api/v1/workspaces/" + id + "/start", as(tenant, "bob", "DEVELOPER"), null), 404,
                "workspace-not-found");
        assertThat(post("/api/v1/workspaces/" + id + "/start", as(tenant, "boss", "ORG_ADMIN"), null)
                .getStatusCode().value()).isEqualTo(202);
    }

    @Test
    void unknownWorkspaceIsNotFoundAndMalformedIdIsBadRequest() {
        assertProblem(post("/api/v1/workspaces/" + UUID.randomUUID() + "/start", dev(), null), 404,
                "workspace-not-found");
        assertProblem(post("/api/v1/workspaces/not-a-uuid/start", dev(), null), 400, "invalid-request");
    }

    @Test
    void stopOfStoppedWorkspaceIsAConflict() {
        assertProblem(post("/api/v1/workspaces/" + createWorkspace() + "/stop", dev(), null), 409,
                "workspace-state-conflict");
    }

    @Test
    void renamesAndValidatesTheName() {
        String id = createWorkspace();
        assertThat(patch("/api/v1/workspaces/" + id, dev(), Map.of("name", "renamed")).getStatusCode().value())
                .isEqualTo(204);
        assertProblem(patch("/api/v1/workspaces/" + id, dev(), Map.of("name", "")), 400, "invalid-request");
    }

    @Test
    void deleteIsAccepted() {
        ResponseEntity<JsonNode> r = client.method(org.springframework.http.HttpMethod.DELETE)
                .uri("/api/v1/workspaces/" + createWorkspace()).headers(dev()).retrieve().toEntity(JsonNode.class);
        assertThat(r.getStatusCode().value()).isEqualTo(202);
        assertThat(r.getBody().get("status").asText()).isEqualTo("DELETING");
    }

    @Test
    void echoesTheCallersRequestIdInProblems() {
        ResponseEntity<JsonNode> r = client.post().uri("/api/v1/workspaces/" + UUID.randomUUID() + "/start")
                .headers(dev()).header("X-Request-Id", "req-12345").retrieve().toEntity(JsonNode.class);
        assertThat(r.getHeaders().getFirst("X-Request-Id")).isEqualTo("req-12345");
        assertThat(r.getBody().get("requestId").asText()).isEqualTo("req-12345");
    }

    private static java.util.function.Consumer<org.springframework.http.HttpHeaders> identity(String token) {
        return h -> {
            h.set(InternalIdentity.HEADER, token);
            h.setContentType(MediaType.APPLICATION_JSON);
        };
    }

    private java.util.function.Consumer<org.springframework.http.HttpHeaders> dev() {
        return as(tenant, "alice", "DEVELOPER");
    }

    private String createWorkspace() {
        ResponseEntity<JsonNode> r = post("/api/v1/workspaces", dev(), Map.of("name", "demo", "stackId", "busybox"));
        assertThat(r.getStatusCode().value()).isEqualTo(201);
        return r.getBody().get("workspaceId").asText();
    }

    private ResponseEntity<JsonNode> post(String path, java.util.function.Consumer<org.springframework.http.HttpHeaders> headers,
                                          Object body) {
        var spec = client.post().uri(path).headers(headers);
        if (body != null) {
            spec = spec.body(body);
        }
        return spec.retrieve().toEntity(JsonNode.class);
    }

    private ResponseEntity<JsonNode> patch(String path, java.util.function.Consumer<org.springframework.http.HttpHeaders> headers,
                                           Object body) {
        return client.patch().uri(path).headers(headers).body(body).retrieve().toEntity(JsonNode.class);
    }

    static void assertProblem(ResponseEntity<JsonNode> r, int status, String kind) {
        assertThat(r.getStatusCode().value()).as("status of %s", r.getBody()).isEqualTo(status);
        assertThat(r.getHeaders().getContentType()).isNotNull();
        assertThat(r.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(r.getBody().get("type").asText()).isEqualTo("urn:aicockpit:problem:" + kind);
        assertThat(r.getBody().get("requestId").asText()).isNotBlank();
    }
}
