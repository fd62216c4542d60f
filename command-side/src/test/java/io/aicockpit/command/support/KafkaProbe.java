package io.aicockpit.command.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import io.aicockpit.testsupport.kafka.TestKafka;

/** Reads and writes the real broker from tests: a fresh consumer group each time, reading from the start. */
public final class KafkaProbe {
    public static final String BOOTSTRAP = TestKafka.bootstrap();

    private KafkaProbe() {}

    /** Polls {@code topic} until {@code count} records match or the deadline passes; returns the matches. */
    public static <V> List<ConsumerRecord<String, V>> await(String topic, Deserializer<V> values,
            Predicate<ConsumerRecord<String, V>> match, int count, Duration timeout) {
        Properties p = new Properties();
        p.putAll(TestKafka.clientProperties());
        p.putAll(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "test-probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"));
        List<ConsumerRecord<String, V>> found = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(p, new StringDeserializer(), values)) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(timeout);
            while (found.size() < count && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(r)) {
                        found.add(r);
                    }
                }
            }
        }
        return found;
    }

    public static void send(String topic, String key, String value) throws Exception {
        Properties p = new Properties();
        p.putAll(TestKafka.clientProperties());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }
}
