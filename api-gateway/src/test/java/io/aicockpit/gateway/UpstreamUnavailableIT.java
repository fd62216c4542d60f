package io.aicockpit.gateway;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A gateway whose downstream services are not running (own context: the routes point at closed ports). */
@AutoConfigureWebTestClient(timeout = "PT30S")
@SpringBootTest(classes = GatewayIT.GatewayUnderTest.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabase.class)
class UpstreamUnavailableIT {
    @Autowired
    WebTestClient web;

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) throws IOException {
        String closed = "http://127.0.0.1:" + closedPort();
        registry.add("spring.datasource.url", () -> TestDatabase.URL);
        registry.add("aicockpit.gateway.platform-issuer", () -> TestIdp.issuer(TestIdp.PLATFORM));
        registry.add("aicockpit.gateway.platform-audience", () -> TestIdp.PLATFORM_AUDIENCE);
        registry.add("aicockpit.gateway.routes.command-side-uri", () -> closed);
        registry.add("aicockpit.gateway.routes.query-side-uri", () -> closed);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void answersBadGatewayProblemWhenDownstreamIsDown() {
        String tenant = GatewayIT.newTenant("down");
        web.put().uri("/api/v1/tenants/{tenant}/identity-provider", tenant)
                .headers(h -> h.setBearerAuth(GatewayIT.operatorToken())).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("issuer", TestIdp.issuer(tenant), "audiences", List.of(TestIdp.AUDIENCE)))
                .exchange().expectStatus().isOk();
        TestIdp.grant(tenant, "dan", "DEVELOPER");
        String token = TestIdp.passwordToken(tenant, "dan");

        web.post().uri("/api/v1/workspaces").headers(h -> {
            h.setBearerAuth(token);
            h.set("X-Request-Id", "trace-42");
        }).exchange()
                .expectStatus().isEqualTo(502)
                .expectHeader().valueEquals("X-Request-Id", "trace-42")
                .expectHeader().contentType("application/problem+json")
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:aicockpit:problem:upstream-unavailable")
                .jsonPath("$.requestId").isEqualTo("trace-42")
                .jsonPath("$.trace").doesNotExist();
    }
}
