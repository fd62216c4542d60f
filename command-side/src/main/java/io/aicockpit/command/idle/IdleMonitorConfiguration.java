package io.aicockpit.command.idle;

import java.time.Clock;
import org.apache.kafka.clients.admin.NewTopic;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The idle monitor's settings, its activity topic and, unless disabled, the listener and the periodic sweep. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdleMonitorProperties.class)
@EnableScheduling
class IdleMonitorConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    NewTopic workspaceActivityTopic(IdleMonitorProperties properties) {
        return TopicBuilder.name(properties.activityTopic()).partitions(3).replicas(1).build();
    }

    @Bean
    @ConditionalOnProperty(name = "aicockpit.command.idle.enabled", havingValue = "true", matchIfMissing = true)
    IdleMonitor idleMonitor(JdbcTemplate jdbc, CommandGateway commands, IdleMonitorProperties properties,
                            Clock clock) {
        return new IdleMonitor(jdbc, commands, properties, clock);
    }

    @Bean
    @ConditionalOnProperty(name = "aicockpit.command.idle.enabled", havingValue = "true", matchIfMissing = true)
    WorkspaceActivityListener workspaceActivityListener(JdbcTemplate jdbc, CommandGateway commands) {
        return new WorkspaceActivityListener(jdbc, commands);
    }
}
