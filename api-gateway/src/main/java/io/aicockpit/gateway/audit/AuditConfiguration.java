package io.aicockpit.gateway.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aicockpit.gateway.tenant.TenantDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Wires the audit trail: filter, queue and writer, store, Kafka publisher and the {@code /api/v1/audit} routes.
 * The Kafka clients are the audit's own (built from {@code spring.kafka.*}), not the application's
 * {@code KafkaTemplate}, so their blocking limits can be tight without affecting anyone else.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditProperties.class)
@ConditionalOnProperty(prefix = "aicockpit.gateway.audit", name = "enabled", matchIfMissing = true)
class AuditConfiguration {

    @Bean
    AuditStore auditStore(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        return new AuditStore(jdbc, new TransactionTemplate(transactions));
    }

    @Bean
    AuditPublisher auditPublisher(ObjectProvider<KafkaProperties> kafka, ObjectProvider<SslBundles> ssl,
                                  ObjectProvider<ObjectMapper> json, AuditProperties properties,
                                  MeterRegistry meters) {
        Map<String, Object> client = new HashMap<>(kafka.getIfAvailable(KafkaProperties::new)
                .buildProducerProperties(ssl.getIfAvailable()));
        return new AuditPublisher(client, json.getIfAvailable(ObjectMapper::new), properties.kafka(), meters);
    }

    @Bean
    AuditWriter auditWriter(AuditStore store, AuditPublisher publisher, AuditProperties properties,
                            MeterRegistry meters) {
        return new AuditWriter(store, publisher, properties, meters);
    }

    @Bean
    AuditWebFilter auditWebFilter(AuditWriter writer, TenantDirectory tenants, AuditProperties properties,
                                  ObjectProvider<ObjectMapper> json) {
        return new AuditWebFilter(writer, tenants, properties, json.getIfAvailable(ObjectMapper::new),
                Clock.systemUTC());
    }

    @Bean
    RouterFunction<ServerResponse> auditRoutes(AuditStore store, AuditProperties properties,
                                               ObjectProvider<ObjectMapper> json) {
        return new AuditApi(store, new AuditVerifier(store), properties, json.getIfAvailable(ObjectMapper::new))
                .routes();
    }
}
