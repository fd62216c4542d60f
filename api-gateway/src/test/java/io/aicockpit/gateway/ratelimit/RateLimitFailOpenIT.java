package io.aicockpit.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.gateway.tenant.RateLimitSettings;
import io.aicockpit.gateway.testkit.TestIdentityFilter;
import io.aicockpit.gateway.testkit.TestTenants;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Redis unreachable (nothing listens on port 1): requests pass unchecked and the failure is counted. */
@SpringBootTest(classes = RateLimitTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"aicockpit.gateway.rate-limit.redis-uri=redis://127.0.0.1:1",
                "aicockpit.gateway.rate-limit.reconnect-interval=1h"})
class RateLimitFailOpenIT {
    @Autowired
    WebTestClient web;
    @Autowired
    MeterRegistry meters;

    @Test
    void letsRequestsThroughWhenRedisIsDownAndCountsIt() {
        TenantId tenant = TestTenants.register("rl", new RateLimitSettings(1, 1, 1, 1));

        for (int i = 0; i < 3; i++) {
            web.get().uri("/api/v1/workspaces")
                    .header(TestIdentityFilter.TENANT, tenant.value())
                    .header(TestIdentityFilter.USER, "dev")
                    .exchange()
                    .expectStatus().isOk()
                    .expectHeader().doesNotExist("RateLimit-Limit");
        }

        assertThat(meters.counter("aicockpit.gateway.ratelimit.redis.failures").count()).isGreaterThanOrEqualTo(3);
        assertThat(meters.counter("aicockpit.gateway.ratelimit.decisions", "result", "unchecked", "scope", "none")
                .count()).isEqualTo(3);
    }
}
