package io.aicockpit.gateway;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class TenantIdentityProviderIT extends GatewayIT {

    @Test
    void storesRegistrationWithDefaultsAndReadsItBack() {
        String tenant = newTenant("reg");
        register(tenant, Map.of("issuer", TestIdp.issuer(tenant), "audiences", List.of("aicockpit", "api")))
                .expectStatus().isOk()
                .expectBody().jsonPath("$.tenantId").isEqualTo(tenant)
                .jsonPath("$.roleClaim").isEqualTo("roles");

        web.get().uri("/api/v1/tenants/{tenant}/identity-provider", tenant)
                .headers(h -> h.setBearerAuth(operatorToken())).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.issuer").isEqualTo(TestIdp.issuer(tenant))
                .jsonPath("$.audiences[1]").isEqualTo("api")
                .jsonPath("$.roleMapping").isEmpty()
                .jsonPath("$.rateLimits.tenantRequestsPerMinute").isEqualTo(6000)
                .jsonPath("$.rateLimits.userAiTokensPerMinute").isEqualTo(50000)
                .jsonPath("$.updatedAt").isNotEmpty();
    }

    @Test
    void replacesRegistrationAndKeepsGivenRateLimits() {
        String tenant = newTenant("reg");
        register(tenant, Map.of("issuer", TestIdp.issuer(tenant), "audiences", List.of("a"))).expectStatus().isOk();
        register(tenant, Map.of("issuer", TestIdp.issuer(tenant), "audiences", List.of("b"),
                "roleClaim", "realm_access.roles", "roleMapping", Map.of("admin", "ORG_ADMIN"),
                "rateLimits", Map.of("userRequestsPerMinute", 5)))
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.audiences[0]").isEqualTo("b")
                .jsonPath("$.roleMapping.admin").isEqualTo("ORG_ADMIN")
                .jsonPath("$.rateLimits.userRequestsPerMinute").isEqualTo(5)
                .jsonPath("$.rateLimits.tenantRequestsPerMinute").isEqualTo(6000);
    }

    @Test
    void listsRegisteredTenantsByIdInKeysetPages() {
        String prefix = newTenant("lst");
        String first = prefix + "-a";
        String second = prefix + "-b";
        register(second, Map.of("issuer", TestIdp.issuer(second), "audiences", List.of("aicockpit"))).expectStatus().isOk();
        register(first, Map.of("issuer", TestIdp.issuer(first), "audiences", List.of("aicockpit"),
                "roleMapping", Map.of("admin", "ORG_ADMIN"))).expectStatus().isOk();

        web.get().uri("/api/v1/tenants?limit=500").headers(h -> h.setBearerAuth(operatorToken())).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items[?(@.tenantId == '" + first + "')].roleMapping.admin").isEqualTo("ORG_ADMIN")
                .jsonPath("$.items[?(@.tenantId == '" + second + "')].issuer").isEqualTo(TestIdp.issuer(second));
        web.get().uri("/api/v1/tenants?limit=1&cursor={c}", first).headers(h -> h.setBearerAuth(operatorToken()))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items.length()").isEqualTo(1)
                .jsonPath("$.items[0].tenantId").isEqualTo(second)
                .jsonPath("$.items[0].rateLimits.userRequestsPerMinute").isEqualTo(600)
                .jsonPath("$.nextCursor").isEqualTo(second);
    }

    @Test
    void refusesAnInvalidListLimitAndForbidsTheListToATenantAdmin() {
        web.get().uri("/api/v1/tenants?limit=0").headers(h -> h.setBearerAuth(operatorToken())).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("limit");
        String tenant = newTenant("lst");
        registerMockTenant(tenant, Map.of("admin", "ORG_ADMIN"));
        TestIdp.grant(tenant, "olga", "admin");
        web.get().uri("/api/v1/tenants").headers(h -> h.setBearerAuth(TestIdp.passwordToken(tenant, "olga")))
                .exchange().expectStatus().isForbidden();
    }

    @Test
    void publishesThePlatformIssuerAsLoginSettingsForOperators() {
        web.get().uri("/api/v1/login-settings/_platform").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.tenant").isEqualTo("_platform")
                .jsonPath("$.issuer").isEqualTo(TestIdp.issuer(TestIdp.PLATFORM));
        web.get().uri("/api/v1/login-settings/_other").exchange().expectStatus().isNotFound();
    }

    @Test
    void answersNotFoundForUnregisteredTenant() {
        web.get().uri("/api/v1/tenants/{tenant}/identity-provider", newTenant("ghost"))
                .headers(h -> h.setBearerAuth(operatorToken())).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo("urn:aicockpit:problem:tenant-not-found");
    }

    @Test
    void refusesUnknownFields() {
        String tenant = newTenant("reg");
        register(tenant, Map.of("issuer", TestIdp.issuer(tenant), "audiences", List.of("a"), "tenantId", "other"))
                .expectStatus().isBadRequest()
                .expectHeader().contentType("application/problem+json")
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:aicockpit:problem:invalid-request")
                .jsonPath("$.errors[0].field").isEqualTo("tenantId")
                .jsonPath("$.errors[0].reason").isEqualTo("unknown field");
    }

    @Test
    void refusesPlainHttpIssuerOutsideAllowlist() {
        register(newTenant("reg"), Map.of("issuer", "http://idp.example.com/realms/x", "audiences", List.of("a")))
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("issuer");
    }

    @Test
    void acceptsHttpsIssuer() {
        register(newTenant("reg"), Map.of("issuer", "https://idp.example.com/realms/" + newTenant("x"),
                "audiences", List.of("a"))).expectStatus().isOk();
    }

    @Test
    void refusesInvalidFields() {
        register(newTenant("reg"), Map.of("issuer", "ftp://localhost/x", "audiences", List.of(),
                "roleClaim", "bad claim!", "roleMapping", Map.of("x", "PLATFORM_OPERATOR"),
                "rateLimits", Map.of("tenantRequestsPerMinute", 0)))
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("issuer")
                .jsonPath("$.errors[1].field").isEqualTo("audiences")
                .jsonPath("$.errors[2].field").isEqualTo("roleClaim")
                .jsonPath("$.errors[3].field").isEqualTo("roleMapping.x")
                .jsonPath("$.errors[4].field").isEqualTo("rateLimits.tenantRequestsPerMinute");
    }

    @Test
    void refusesInvalidTenantSlugAndPlatformIssuer() {
        register("Not_A_Slug", Map.of("issuer", TestIdp.issuer("x"), "audiences", List.of("a")))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("tenantId");
        register(newTenant("reg"), Map.of("issuer", TestIdp.issuer(TestIdp.PLATFORM), "audiences", List.of("a")))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("issuer");
    }

    @Test
    void refusesMalformedJson() {
        web.put().uri("/api/v1/tenants/{tenant}/identity-provider", newTenant("reg"))
                .headers(h -> h.setBearerAuth(operatorToken())).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"issuer\": ").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("urn:aicockpit:problem:invalid-request");
    }

    @Test
    void refusesIssuerOfAnotherTenant() {
        String first = newTenant("reg");
        register(first, Map.of("issuer", TestIdp.issuer(first), "audiences", List.of("a"))).expectStatus().isOk();
        register(newTenant("reg"), Map.of("issuer", TestIdp.issuer(first), "audiences", List.of("a")))
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("urn:aicockpit:problem:issuer-already-registered");
    }

    @Test
    void forbidsTenantAdminAndRefusesAnonymous() {
        String tenant = newTenant("reg");
        registerMockTenant(tenant, Map.of("admin", "ORG_ADMIN"));
        TestIdp.grant(tenant, "olga", "admin");
        String admin = TestIdp.passwordToken(tenant, "olga");

        web.put().uri("/api/v1/tenants/{tenant}/identity-provider", tenant).headers(h -> h.setBearerAuth(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("issuer", TestIdp.issuer(tenant), "audiences", List.of("a"))).exchange()
                .expectStatus().isForbidden();
        web.get().uri("/api/v1/tenants/{tenant}/identity-provider", tenant).headers(h -> h.setBearerAuth(admin))
                .exchange().expectStatus().isForbidden();
        web.get().uri("/api/v1/tenants/{tenant}/identity-provider", tenant).exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void tenantRegisteredAfterStartLogsInRightAfterPut() {
        String tenant = newTenant("late");
        TestIdp.grant(tenant, "liam", "DEVELOPER");
        String token = TestIdp.passwordToken(tenant, "liam");
        web.get().uri("/api/v1/workspaces").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isUnauthorized();

        register(tenant, Map.of("issuer", TestIdp.issuer(tenant), "audiences", List.of(TestIdp.AUDIENCE)))
                .expectStatus().isOk();

        web.get().uri("/api/v1/workspaces").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk();
    }

    @Test
    void changedAudienceAppliesRightAfterPut() {
        String tenant = newTenant("aud");
        TestIdp.grant(tenant, "liam", "DEVELOPER");
        String token = TestIdp.passwordToken(tenant, "liam");
        register(tenant, Map.of("issuer", TestIdp.issuer(tenant), "audiences", List.of(TestIdp.AUDIENCE)))
                .expectStatus().isOk();
        web.get().uri("/api/v1/workspaces").headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk();

        register(tenant, Map.of("issuer", TestIdp.issuer(tenant), "audiences", List.of("another-api")))
                .expectStatus().isOk();

        web.get().uri("/api/v1/workspaces").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isUnauthorized();
    }
}
