package io.aicockpit.query.node;

import io.aicockpit.coreapi.messaging.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** Creates the heartbeat topic when absent, so query-side can subscribe before the first node speaks. */
@Configuration(proxyBeanMethods = false)
class NodeTopicConfig {
    @Bean
    NewTopic nodeHeartbeatsTopic(@Value("${aicockpit.query-side.node-heartbeats-topic:" + Topics.NODE_HEARTBEATS
            + "}") String topic) {
        return TopicBuilder.name(topic).partitions(3).build();
    }
}
