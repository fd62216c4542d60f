package io.aicockpit.command.messaging;

import io.aicockpit.command.config.CommandSideProperties;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventSerializer;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import io.aicockpit.coreapi.messaging.Topics;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/** Producers for internal JSON messages and public CloudEvents; the internal topics this service relies on. */
@Configuration
class KafkaConfig {

    @Bean
    KafkaTemplate<String, String> internalTemplate(KafkaProperties properties, SslBundles ssl) {
        Map<String, Object> config = new HashMap<>(properties.buildProducerProperties(ssl));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
    }

    @Bean
    KafkaTemplate<String, CloudEvent> cloudEventTemplate(KafkaProperties properties, SslBundles ssl) {
        Map<String, Object> config = new HashMap<>(properties.buildProducerProperties(ssl));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, CloudEventSerializer.class);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
    }

    @Bean
    NewTopic containerActionsTopic(CommandSideProperties properties) {
        return TopicBuilder.name(properties.actionsTopic()).partitions(3).replicas(1).build();
    }

    @Bean
    NewTopic containerResultsTopic(CommandSideProperties properties) {
        return TopicBuilder.name(properties.resultsTopic()).partitions(3).replicas(1).build();
    }

    /** Exits observed by worker nodes (the reconciler); the name is fixed, only tests listen elsewhere. */
    @Bean
    NewTopic containerEventsTopic(
            @Value("${aicockpit.command.container-events-topic:" + Topics.CONTAINER_EVENTS + "}") String topic) {
        return TopicBuilder.name(topic).partitions(3).replicas(1).build();
    }

    @Bean
    NewTopic nodeCommandsTopic(
            @Value("${aicockpit.command.node-commands-topic:" + Topics.NODE_COMMANDS + "}") String topic) {
        return TopicBuilder.name(topic).partitions(3).replicas(1).build();
    }

    /** Transient failures (e.g. a concurrent command on the same workspace) are retried, then logged and skipped. */
    @Bean
    DefaultErrorHandler kafkaErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(100, 2);
        backOff.setMaxElapsedTime(30_000);
        return new DefaultErrorHandler(backOff);
    }
}
