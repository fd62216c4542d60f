package io.aicockpit.gateway;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The whole gateway on a random port against the recreated test database, the in-process OIDC provider and
 * echo servers standing in for command-side, query-side and ai-worker. All subclasses share one Spring context; each
 * test registers its own tenants (unique slugs and issuers) so they stay independent.
 */
@AutoConfigureWebTestClient(timeout = "PT30S")
@AutoConfigureObservability
@SpringBootTest(classes = GatewayIT.GatewayUnderTest.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabase.class)
abstract class GatewayIT {

    /** {@link ApiGatewayApplication}'s setup, scanning only production components (see ProductionComponentsOnly). */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableConfigurationProperties(GatewayProperties.class)
    @ComponentScan(basePackageClasses = ApiGatewayApplication.class, excludeFilters = {
            @ComponentScan.Filter(type = FilterType.CUSTOM, classes = {TypeExcludeFilter.class,
                    AutoConfigurationExcludeFilter.class, ProductionComponentsOnly.class}),
            // its own @ComponentScan would scan everything again, test components included
            @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE, classes = ApiGatewayApplication.class)})
    static class GatewayUnderTest {
    }

    static final EchoServer COMMAND_SIDE = new EchoServer("command-side");
    static final EchoServer QUERY_SIDE = new EchoServer("query-side");
    static final EchoServer AI_WORKER = new EchoServer("ai-worker");
    private static final AtomicInteger TENANTS = new AtomicInteger();
    private static final String RUN = Long.toString(System.currentTimeMillis() % (36L * 36 * 36 * 36 * 36), 36);

    @Autowired
    WebTestClient web;

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> TestDatabase.URL);
        registry.add("aicockpit.gateway.platform-issuer", () -> TestIdp.issuer(TestIdp.PLATFORM));
        registry.add("aicockpit.gateway.platform-audience", () -> TestIdp.PLATFORM_AUDIENCE);
        registry.add("aicockpit.gateway.routes.command-side-uri", COMMAND_SIDE::uri);
        registry.add("aicockpit.gateway.routes.query-side-uri", QUERY_SIDE::uri);
        registry.add("aicockpit.gateway.routes.ai-worker-uri", AI_WORKER::uri);
        registry.add("aicockpit.gateway.decoders.ttl", () -> "3s");
    }

    /**
     * A fresh tenant slug, and its issuer id at the mock provider. The run's own infix keeps it apart from earlier
     * runs' tenants, whose rate-limit buckets may still be in the shared Redis.
     */
    static String newTenant(String prefix) {
        return prefix + "-" + RUN + "-" + TENANTS.incrementAndGet();
    }

    /** A platform operator's token, through the client-credentials flow of the platform issuer. */
    static String operatorToken() {
        return TestIdp.clientCredentialsToken(TestIdp.PLATFORM, "platform-ops");
    }

    WebTestClient.ResponseSpec register(String tenant, Map<String, Object> body) {
        return web.put().uri("/api/v1/tenants/{tenant}/identity-provider", tenant)
                .headers(h -> h.setBearerAuth(operatorToken())).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange();
    }

    /** Registers the mock provider's issuer named like the tenant, roles read from {@code realm_access.roles}. */
    void registerMockTenant(String tenant, Map<String, String> roleMapping) {
        register(tenant, Map.of("issuer", TestIdp.issuer(tenant), "audiences", java.util.List.of(TestIdp.AUDIENCE),
                "roleClaim", "realm_access.roles", "roleMapping", roleMapping)).expectStatus().isOk();
    }
}
