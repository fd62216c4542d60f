package io.aicockpit.gateway;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CallerIdentityIT extends GatewayIT {

    @Test
    void answersTheCallersRolesAfterTheTenantsRoleMapping() {
        String tenant = newTenant("me");
        registerMockTenant(tenant, Map.of("admins", "ORG_ADMIN", "readers", "AUDITOR"));
        TestIdp.grant(tenant, "olga", "admins", "readers", "unmapped");
        web.get().uri("/api/v1/me").headers(h -> h.setBearerAuth(TestIdp.passwordToken(tenant, "olga"))).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.tenantId").isEqualTo(tenant)
                .jsonPath("$.subject").isEqualTo("olga")
                .jsonPath("$.roles.length()").isEqualTo(2)
                .jsonPath("$.roles[0]").isEqualTo("AUDITOR")
                .jsonPath("$.roles[1]").isEqualTo("ORG_ADMIN")
                .jsonPath("$.actorType").isEqualTo("USER")
                .jsonPath("$.issuer").doesNotExist();
    }

    @Test
    void answersAnOperatorWithoutTenant() {
        web.get().uri("/api/v1/me").headers(h -> h.setBearerAuth(operatorToken())).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.tenantId").isEmpty()
                .jsonPath("$.roles[0]").isEqualTo("PLATFORM_OPERATOR");
    }

    @Test
    void refusesAnonymousCallers() {
        web.get().uri("/api/v1/me").exchange().expectStatus().isUnauthorized();
    }
}
