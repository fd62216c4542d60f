package io.aicockpit.gateway.audit;

import io.aicockpit.gateway.testkit.TestkitConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * A gateway with only the audit trail, the stand-in identity filter and a stub backend, on the real PostgreSQL
 * (Flyway-migrated schema {@code gateway}) and Kafka.
 *
 * <p>Deliberately not a {@code @Configuration}: contexts that component-scan {@code io.aicockpit.gateway} from the
 * test classpath must not pick it up. It is only ever named explicitly.
 */
@EnableAutoConfiguration(excludeName = {
        "org.springframework.boot.autoconfigure.security.reactive.ReactiveSecurityAutoConfiguration",
        "org.springframework.boot.autoconfigure.security.reactive.ReactiveUserDetailsServiceAutoConfiguration",
        "org.springframework.boot.autoconfigure.security.oauth2.resource.reactive.ReactiveOAuth2ResourceServerAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.security.reactive.ReactiveManagementWebSecurityAutoConfiguration"})
@Import({AuditConfiguration.class, TestkitConfiguration.class})
class AuditTestApp {}
