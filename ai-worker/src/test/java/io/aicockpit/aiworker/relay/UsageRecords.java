package io.aicockpit.aiworker.relay;

import io.aicockpit.testsupport.kafka.TestKafka;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads usage records from the shared broker as query-side would: plain consumer, from the beginning, by key. */
public final class UsageRecords {
    private static final ObjectMapper JSON = new ObjectMapper();

    private UsageRecords() {}

    /** Waits until {@code topic} holds at least {@code count} records keyed {@code tenant}; returns their raw JSON. */
    public static List<String> collect(String topic, String tenant, int count) {
        List<String> found = new ArrayList<>();
        Map<String, Object> config = new java.util.HashMap<>(TestKafka.clientProperties());
        config.putAll(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "ai-worker-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (tenant.equals(record.key())) {
                        found.add(record.value());
                    }
                }
                return found.size() >= count;
            });
        }
        return found;
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
