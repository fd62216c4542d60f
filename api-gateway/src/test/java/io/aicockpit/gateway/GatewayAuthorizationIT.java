package io.aicockpit.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

class GatewayAuthorizationIT extends GatewayIT {
    private String tenant;

    @BeforeEach
    void tenantWithOneUserPerRole() {
        tenant = newTenant("roles");
        registerMockTenant(tenant, Map.of("dev", "DEVELOPER", "admin", "ORG_ADMIN", "audit", "AUDITOR"));
        TestIdp.grant(tenant, "dave", "dev");
        TestIdp.grant(tenant, "olga", "admin");
        TestIdp.grant(tenant, "aude", "audit");
        TestIdp.grant(tenant, "nobody");
    }

    private HttpStatus call(HttpMethod method, String path, String token) {
        return HttpStatus.valueOf(web.method(method).uri(path)
                .headers(h -> h.setBearerAuth(token)).exchange()
                .expectBody().returnResult().getStatus().value());
    }

    private String user(String name) {
        return TestIdp.passwordToken(tenant, name);
    }

    @Test
    void developerReachesWorkspaces() {
        assertThat(call(HttpMethod.GET, "/api/v1/workspaces", user("dave"))).isEqualTo(HttpStatus.OK);
        assertThat(call(HttpMethod.POST, "/api/v1/workspaces/w1/start", user("dave"))).isEqualTo(HttpStatus.OK);
    }

    @Test
    void developerIsForbiddenAuditAndUsage() {
        web.get().uri("/api/v1/audit").headers(h -> h.setBearerAuth(user("dave"))).exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType("application/problem+json")
                .expectBody().jsonPath("$.type").isEqualTo("urn:aicockpit:problem:forbidden")
                .jsonPath("$.requestId").isNotEmpty();
        assertThat(call(HttpMethod.GET, "/api/v1/usage", user("dave"))).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void auditorPassesAuditButIsForbiddenWorkspaceChanges() {
        assertThat(auditPage(user("aude"))).contains("\"items\"");
        assertThat(call(HttpMethod.POST, "/api/v1/workspaces", user("aude"))).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(call(HttpMethod.GET, "/api/v1/workspaces", user("aude"))).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void orgAdminChangesWorkspacesAndReadsAudit() {
        assertThat(call(HttpMethod.DELETE, "/api/v1/workspaces/w1", user("olga"))).isEqualTo(HttpStatus.OK);
        assertThat(auditPage(user("olga"))).contains("\"items\"");
    }

    /** The gateway serves the audit trail itself: allowed means a 200 page of the caller's tenant. */
    private String auditPage(String token) {
        byte[] body = web.get().uri("/api/v1/audit").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody();
        return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }

    private String servedBy(HttpMethod method, String path, String token) {
        byte[] body = web.method(method).uri(path).headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody();
        return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void orgAdminReadsAiServicesFromQuerySideAndChangesThemOnCommandSide() {
        assertThat(servedBy(HttpMethod.GET, "/api/v1/ai-services", user("olga"))).contains("query-side");
        assertThat(servedBy(HttpMethod.GET, "/api/v1/ai-services/s1", user("olga"))).contains("query-side");
        assertThat(servedBy(HttpMethod.POST, "/api/v1/ai-services", user("olga"))).contains("command-side");
        assertThat(servedBy(HttpMethod.PATCH, "/api/v1/ai-services/s1", user("olga"))).contains("command-side");
        assertThat(servedBy(HttpMethod.DELETE, "/api/v1/ai-services/s1", user("olga"))).contains("command-side");
        assertThat(servedBy(HttpMethod.POST, "/api/v1/ai-services/s1/test", user("olga"))).contains("command-side");
        assertThat(servedBy(HttpMethod.PUT, "/api/v1/ai-services/active", user("olga"))).contains("command-side");
    }

    @Test
    void workspaceAiAssistGoesToAiWorkerForDevelopersOnly() {
        assertThat(servedBy(HttpMethod.POST, "/api/v1/workspaces/w1/ai/complete", user("dave")))
                .contains("ai-worker");
        assertThat(servedBy(HttpMethod.POST, "/api/v1/workspaces/w1/ai/edit", user("olga"))).contains("ai-worker");
        assertThat(servedBy(HttpMethod.POST, "/api/v1/workspaces/w1/start", user("dave"))).contains("command-side");
        assertThat(call(HttpMethod.POST, "/api/v1/workspaces/w1/ai/command", user("aude")))
                .isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void developersAndAuditorsAreForbiddenAiServices() {
        assertThat(call(HttpMethod.GET, "/api/v1/ai-services", user("dave"))).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(call(HttpMethod.POST, "/api/v1/ai-services", user("dave"))).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(call(HttpMethod.GET, "/api/v1/ai-services", user("aude"))).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(call(HttpMethod.PUT, "/api/v1/ai-services/fallback", user("aude"))).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void orgAdminsAndAuditorsReadUsageFromQuerySide() {
        assertThat(servedBy(HttpMethod.GET, "/api/v1/usage?groupBy=user", user("olga"))).contains("query-side");
        assertThat(servedBy(HttpMethod.GET, "/api/v1/usage", user("aude"))).contains("query-side");
    }

    @Test
    void tenantMembersReadTheirOwnQuotasFromQuerySideWhileLimitsStayWithTheGateway() {
        assertThat(servedBy(HttpMethod.GET, "/api/v1/tenant", user("dave"))).contains("query-side");
        assertThat(servedBy(HttpMethod.GET, "/api/v1/tenant", user("olga"))).contains("query-side");
        assertThat(servedBy(HttpMethod.GET, "/api/v1/tenant", user("aude"))).contains("query-side");
        assertThat(servedBy(HttpMethod.GET, "/api/v1/tenant/limits", user("olga"))).doesNotContain("query-side")
                .contains("\"tenant");
        assertThat(call(HttpMethod.GET, "/api/v1/tenant", user("nobody"))).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void onlyOperatorsReadATenantByIdFromQuerySide() {
        assertThat(servedBy(HttpMethod.GET, "/api/v1/tenants/" + tenant, operatorToken())).contains("query-side");
        assertThat(call(HttpMethod.GET, "/api/v1/tenants/" + tenant, user("olga"))).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(call(HttpMethod.GET, "/api/v1/tenants/" + tenant + "/idle-timeout", user("olga")))
                .isEqualTo(HttpStatus.OK);
        assertThat(COMMAND_SIDE.last().path()).endsWith("/idle-timeout");
    }

    @Test
    void onlyOperatorsReadNodesFromQuerySideAndSetATenantsPlacementOnCommandSide() {
        assertThat(servedBy(HttpMethod.GET, "/api/v1/nodes", operatorToken())).contains("query-side");
        assertThat(servedBy(HttpMethod.GET, "/api/v1/nodes/node-1", operatorToken())).contains("query-side");
        assertThat(call(HttpMethod.GET, "/api/v1/nodes", user("olga"))).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(call(HttpMethod.GET, "/api/v1/nodes/node-1", user("dave"))).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(call(HttpMethod.PUT, "/api/v1/tenants/" + tenant + "/placement", user("olga")))
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(call(HttpMethod.PUT, "/api/v1/tenants/" + tenant + "/placement", operatorToken()))
                .isEqualTo(HttpStatus.OK);
        assertThat(COMMAND_SIDE.last().path()).endsWith("/placement");
    }

    @Test
    void userWithoutMappedRoleIsForbiddenEverywhere() {
        assertThat(call(HttpMethod.GET, "/api/v1/workspaces", user("nobody"))).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(call(HttpMethod.GET, "/api/v1/audit", user("nobody"))).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void operatorOfPlatformIssuerOnboardsTenantsAndSetsQuotas() {
        assertThat(call(HttpMethod.POST, "/api/v1/tenants", operatorToken())).isEqualTo(HttpStatus.OK);
        assertThat(signedRoles(COMMAND_SIDE.last().header("X-AiCockpit-Identity"))).containsExactly("PLATFORM_OPERATOR");
        assertThat(call(HttpMethod.PUT, "/api/v1/tenants/" + tenant + "/quotas", operatorToken()))
                .isEqualTo(HttpStatus.OK);
    }

    @Test
    void operatorIsForbiddenTenantWorkspaces() {
        assertThat(call(HttpMethod.GET, "/api/v1/workspaces", operatorToken())).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void tenantOrgAdminIsForbiddenTenantManagement() {
        assertThat(call(HttpMethod.POST, "/api/v1/tenants", user("olga"))).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(call(HttpMethod.PUT, "/api/v1/tenants/" + tenant + "/quotas", user("olga")))
                .isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void tenantTokenClaimingPlatformOperatorIsForbiddenTenantManagement() {
        String unmapped = newTenant("selfmade");
        registerMockTenant(unmapped, Map.of());
        TestIdp.grant(unmapped, "eve", "PLATFORM_OPERATOR", "DEVELOPER");
        String token = TestIdp.passwordToken(unmapped, "eve");

        assertThat(call(HttpMethod.POST, "/api/v1/tenants", token)).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(call(HttpMethod.GET, "/api/v1/workspaces", token)).isEqualTo(HttpStatus.OK);
        assertThat(signedRoles(QUERY_SIDE.last().header("X-AiCockpit-Identity"))).containsExactly("DEVELOPER");
    }

    @Test
    void healthAndJwksAreOpen() {
        web.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        web.get().uri("/internal/jwks.json").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.keys[0].kty").isEqualTo("EC")
                .jsonPath("$.keys[0].d").doesNotExist();
    }

    @Test
    void unknownPathAnswersNotFoundProblemForAuthenticatedCaller() {
        web.get().uri("/api/v1/nothing-here").headers(h -> h.setBearerAuth(user("dave"))).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType("application/problem+json")
                .expectBody().jsonPath("$.type").isEqualTo("urn:aicockpit:problem:not-found");
    }

    @Test
    void unknownV1PathAnswersNotFoundAsAnOpenAiError() {
        web.get().uri("/v1/nothing-here").headers(h -> h.setBearerAuth(user("dave"))).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType("application/json")
                .expectBody()
                .jsonPath("$.error.message").isEqualTo("No route or resource matches this path.")
                .jsonPath("$.error.type").isEqualTo("invalid_request_error")
                .jsonPath("$.error.code").isEqualTo("unknown_url")
                .jsonPath("$.type").doesNotExist();
    }

    @Test
    void auditorIsForbiddenV1WithAnOpenAiErrorWhileDevelopersPass() {
        web.get().uri("/v1/models").headers(h -> h.setBearerAuth(user("aude"))).exchange()
                .expectStatus().isForbidden()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\"")
                .expectHeader().contentType("application/json")
                .expectBody()
                .jsonPath("$.error.message").isEqualTo("Your roles do not allow this request.")
                .jsonPath("$.error.type").isEqualTo("permission_error")
                .jsonPath("$.error.code").isEqualTo("forbidden")
                .jsonPath("$.error.param").isEmpty();
        assertThat(servedBy(HttpMethod.GET, "/v1/models", user("dave"))).contains("ai-worker");
    }

    /** The platform roles in the gateway's signed identity token, as the services read them. */
    private static java.util.List<String> signedRoles(String identityToken) {
        try {
            return com.nimbusds.jwt.SignedJWT.parse(identityToken).getJWTClaimsSet().getStringListClaim("roles");
        } catch (java.text.ParseException e) {
            throw new AssertionError("the identity token does not parse", e);
        }
    }
}
