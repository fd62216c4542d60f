package io.aicockpit.gateway.ratelimit;

import io.aicockpit.gateway.testkit.TestkitConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * A gateway with only the rate limiter, the stand-in identity filter and a stub backend: no security chain (the
 * identity comes from test headers), no database, no Kafka.
 *
 * <p>Deliberately not a {@code @Configuration}: contexts that component-scan {@code io.aicockpit.gateway} from the
 * test classpath must not pick it up. It is only ever named explicitly.
 */
@EnableAutoConfiguration(excludeName = {
        "org.springframework.boot.autoconfigure.security.reactive.ReactiveSecurityAutoConfiguration",
        "org.springframework.boot.autoconfigure.security.reactive.ReactiveUserDetailsServiceAutoConfiguration",
        "org.springframework.boot.autoconfigure.security.oauth2.resource.reactive.ReactiveOAuth2ResourceServerAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.security.reactive.ReactiveManagementWebSecurityAutoConfiguration",
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
        "org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration",
        "org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration"})
@Import({RateLimitConfiguration.class, TestkitConfiguration.class})
class RateLimitTestApp {}
