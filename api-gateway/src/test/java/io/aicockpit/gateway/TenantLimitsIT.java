package io.aicockpit.gateway;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** {@code GET /api/v1/tenant/limits}: the caller's own tenant's rate limits and AI budgets, for admins and auditors. */
class TenantLimitsIT extends GatewayIT {
    private static final Map<String, String> ROLES = Map.of("admins", "ORG_ADMIN", "readers", "AUDITOR",
            "devs", "DEVELOPER");

    @Test
    void orgAdminSeesTheOwnTenantsOverridesAndDefaults() {
        String tenant = newTenant("limits");
        registerWithLimits(tenant, Map.of("tenantRequestsPerMinute", 1234, "userAiTokensPerMinute", 777));
        TestIdp.grant(tenant, "ada", "admins");
        web.get().uri("/api/v1/tenant/limits").headers(h -> h.setBearerAuth(TestIdp.passwordToken(tenant, "ada")))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.tenantId").isEqualTo(tenant)
                .jsonPath("$.registered").isEqualTo(true)
                .jsonPath("$.changeableBy").isEqualTo("PLATFORM_OPERATOR")
                .jsonPath("$.requests.tenant.perMinute").isEqualTo(1234)
                .jsonPath("$.requests.tenant.capacity").isEqualTo(1234)
                .jsonPath("$.requests.tenant.refillPerMinute").isEqualTo(1234)
                .jsonPath("$.requests.tenant.platformDefault").isEqualTo(6000)
                .jsonPath("$.requests.tenant.overridden").isEqualTo(true)
                .jsonPath("$.requests.user.perMinute").isEqualTo(600)
                .jsonPath("$.requests.user.overridden").isEqualTo(false)
                .jsonPath("$.aiTokens.tenant.perMinute").isEqualTo(200000)
                .jsonPath("$.aiTokens.tenant.overridden").isEqualTo(false)
                .jsonPath("$.aiTokens.user.perMinute").isEqualTo(777)
                .jsonPath("$.aiTokens.user.platformDefault").isEqualTo(50000)
                .jsonPath("$.aiTokens.user.overridden").isEqualTo(true);
    }

    @Test
    void anotherTenantsAdminSeesOnlyItsOwnValues() {
        String overridden = newTenant("limits-a");
        registerWithLimits(overridden, Map.of("tenantRequestsPerMinute", 4321, "tenantAiTokensPerMinute", 9999));
        String other = newTenant("limits-b");
        registerMockTenant(other, ROLES);
        TestIdp.grant(other, "bob", "admins");
        String body = web.get().uri("/api/v1/tenant/limits?tenantId={t}&tenant={t}", overridden, overridden)
                .headers(h -> h.setBearerAuth(TestIdp.passwordToken(other, "bob")))
                .exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        org.assertj.core.api.Assertions.assertThat(body).contains("\"tenantId\":\"" + other + "\"")
                .doesNotContain(overridden).doesNotContain("4321").doesNotContain("9999")
                .doesNotContain("\"overridden\":true");
    }

    @Test
    void auditorMayReadDeveloperAndOperatorMayNot() {
        String tenant = newTenant("limits-r");
        registerWithLimits(tenant, Map.of("userRequestsPerMinute", 55));
        TestIdp.grant(tenant, "rita", "readers");
        TestIdp.grant(tenant, "dave", "devs");
        web.get().uri("/api/v1/tenant/limits").headers(h -> h.setBearerAuth(TestIdp.passwordToken(tenant, "rita")))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.requests.user.perMinute").isEqualTo(55);
        web.get().uri("/api/v1/tenant/limits").headers(h -> h.setBearerAuth(TestIdp.passwordToken(tenant, "dave")))
                .exchange().expectStatus().isForbidden()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.requests").doesNotExist();
        web.get().uri("/api/v1/tenant/limits").headers(h -> h.setBearerAuth(operatorToken()))
                .exchange().expectStatus().isForbidden();
        web.get().uri("/api/v1/tenant/limits").exchange().expectStatus().isUnauthorized();
    }

    private void registerWithLimits(String tenant, Map<String, Object> limits) {
        register(tenant, Map.of("issuer", TestIdp.issuer(tenant), "audiences", List.of(TestIdp.AUDIENCE),
                "roleClaim", "realm_access.roles", "roleMapping", ROLES, "rateLimits", limits))
                .expectStatus().isOk();
    }
}
