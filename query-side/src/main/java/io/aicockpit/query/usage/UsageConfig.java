package io.aicockpit.query.usage;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** Creates the usage topics when absent, so query-side can subscribe before the first record is sent. */
@Configuration(proxyBeanMethods = false)
class UsageConfig {
    @Bean
    NewTopic usageTopic(@Value("${aicockpit.query-side.usage-topic:" + io.aicockpit.coreapi.messaging.Topics.AI_USAGE
            + "}") String topic) {
        return TopicBuilder.name(topic).partitions(3).build();
    }

    @Bean
    NewTopic containerUsageTopic(@Value("${aicockpit.query-side.container-usage-topic:"
            + io.aicockpit.coreapi.messaging.Topics.CONTAINER_USAGE + "}") String topic) {
        return TopicBuilder.name(topic).partitions(3).build();
    }
}
