package io.aicockpit.worker.action;

import io.aicockpit.coreapi.messaging.Topics;
import io.aicockpit.worker.ContainerWorkerProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/** The internal topics and what happens when handling an action throws (in practice: publishing its result). */
@Configuration(proxyBeanMethods = false)
class ContainerActionKafkaConfiguration {
    static final int PARTITIONS = 3;

    private static final Logger log = LoggerFactory.getLogger(ContainerActionKafkaConfiguration.class);

    /** Declared here too so a worker started against a fresh broker does not wait for the command side. */
    @Bean
    NewTopic containerActionsTopic(ContainerWorkerProperties props) {
        return TopicBuilder.name(props.actionsTopic()).partitions(PARTITIONS).replicas(1).build();
    }

    /**
     * This node's own actions ({@code <actions-topic>.<node-id>}): command-side sends a placed workspace's actions
     * there, so no other node sees them. The listener reads it next to the shared topic.
     */
    @Bean
    String nodeActionsTopic(ContainerWorkerProperties props) {
        return Topics.nodeActions(props.actionsTopic(), props.node());
    }

    @Bean
    NewTopic nodeContainerActionsTopic(ContainerWorkerProperties props) {
        return TopicBuilder.name(Topics.nodeActions(props.actionsTopic(), props.node())).partitions(PARTITIONS)
                .replicas(1).build();
    }

    @Bean
    NewTopic containerResultsTopic(ContainerWorkerProperties props) {
        return TopicBuilder.name(props.resultsTopic()).partitions(PARTITIONS).replicas(1).build();
    }

    /**
     * Redelivers a failed record with a backoff of 1s doubling up to 30s (below max.poll.interval.ms) for about
     * ten minutes, which rides out a broker restart. Beyond that the record is logged at error and skipped so the
     * partition moves on; the command side's pending action then has to time out.
     */
    @Bean
    DefaultErrorHandler containerActionErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(1_000, 2.0);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(600_000);
        return new DefaultErrorHandler((record, e) -> log.atError()
                .addKeyValue("partition", record.partition()).addKeyValue("offset", record.offset())
                .addKeyValue("key", record.key()).setCause(e)
                .log("giving up on a container action after retries; its result was never published"), backOff);
    }
}
