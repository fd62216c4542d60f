package io.aicockpit.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiGatewayApplicationIT extends GatewayIT {

    @Test
    void reportsReadinessAndPrometheusMetrics() {
        web.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        web.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).value(body -> assertThat(body).contains("application=\"api-gateway\""));
    }

    @Test
    void keepsSaneRequestIdAndReplacesInsaneOne() {
        web.get().uri("/actuator/health").header("X-Request-Id", "abc-123.X_y").exchange()
                .expectHeader().valueEquals("X-Request-Id", "abc-123.X_y");
        web.get().uri("/actuator/health").header("X-Request-Id", "bad id <script>").exchange()
                .expectHeader().value("X-Request-Id", id -> assertThat(id).matches("[0-9a-f-]{36}"));
    }
}
