package io.aicockpit.command.integration;

import io.aicockpit.command.config.CommandSideProperties;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.messaging.Topics;
import io.aicockpit.coreapi.tenant.TenantCreated;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Onboarding creates the tenant's public topics ({@code workspace-events}, {@code usage}, {@code audit}) with the
 * documented settings, so integrations can subscribe before the first event and the settings do not depend on
 * which publisher happens to create a topic first. A tracking processor: a broker that is down delays the topics,
 * it never loses them (the handler is retried; an existing topic is fine).
 */
@Component
@ProcessingGroup("tenant-topics")
class TenantTopics {
    static final List<String> SUFFIXES = List.of("workspace-events", "usage", "audit");
    private static final Logger log = LoggerFactory.getLogger(TenantTopics.class);

    private final KafkaIntegrationPrincipals kafka;
    private final int partitions;
    private final IntegrationProperties properties;

    TenantTopics(KafkaIntegrationPrincipals kafka, CommandSideProperties command, IntegrationProperties properties) {
        this.kafka = kafka;
        this.partitions = command.publicTopicPartitions();
        this.properties = properties;
    }

    @EventHandler
    void on(TenantCreated event) throws Exception {
        create(event.tenantId());
    }

    void create(TenantId tenant) throws Exception {
        Map<String, String> configs = Map.of("cleanup.policy", "delete",
                "retention.ms", Long.toString(properties.tenantTopicRetention().toMillis()));
        for (String suffix : SUFFIXES) {
            String topic = Topics.tenantPrefix(tenant) + suffix;
            try {
                kafka.admin().createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs)))
                        .all().get(properties.kafkaTimeout().toMillis(), TimeUnit.MILLISECONDS);
                log.atInfo().addKeyValue("tenantId", tenant.value()).addKeyValue("topic", topic)
                        .log("tenant topic created");
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }
}
