package io.aicockpit.command.node;

import io.aicockpit.command.workspace.NodePlacement;
import io.aicockpit.coreapi.messaging.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Node registry, placement and lost-node monitor; with {@code aicockpit.placement.enabled=false} only the no-op placement. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PlacementProperties.class)
@EnableScheduling
class NodeConfiguration {
    private static final String ENABLED = "aicockpit.placement.enabled";

    @Bean
    NodePlacement nodePlacement(JdbcTemplate jdbc, PlacementProperties properties) {
        return properties.enabled() ? new JdbcNodePlacement(jdbc, properties) : NodePlacement.OFF;
    }

    @Bean
    NewTopic nodeHeartbeatsTopic(PlacementProperties properties) {
        return TopicBuilder.name(properties.heartbeatsTopic()).partitions(3).replicas(1).build();
    }

    @Bean
    @ConditionalOnProperty(name = ENABLED, havingValue = "true", matchIfMissing = true)
    NodeHeartbeatListener nodeHeartbeatListener(JdbcTemplate jdbc, PlatformTransactionManager transactions,
            KafkaTemplate<String, String> internalTemplate,
            @Value("${aicockpit.command.node-commands-topic:" + Topics.NODE_COMMANDS + "}") String nodeCommandsTopic) {
        return new NodeHeartbeatListener(jdbc, new TransactionTemplate(transactions), internalTemplate,
                nodeCommandsTopic);
    }

    @Bean
    @ConditionalOnProperty(name = ENABLED, havingValue = "true", matchIfMissing = true)
    NodeMonitor nodeMonitor(JdbcTemplate jdbc, CommandGateway commands, PlacementProperties properties) {
        return new NodeMonitor(jdbc, commands, properties);
    }
}
