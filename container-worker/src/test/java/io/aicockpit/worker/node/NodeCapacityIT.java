package io.aicockpit.worker.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import io.aicockpit.testsupport.kafka.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A node whose CPUs are not configured offers the real engine's CPUs times {@code cpu-overcommit} in its heartbeat,
 * so a small machine (the local stack's 2 cores) has room for more than a couple of 0.5-CPU workspaces.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "aicockpit.container-worker.reconcile.enabled=false",
        "aicockpit.container-worker.node.heartbeat-interval=300ms",
        "aicockpit.container-worker.node.heartbeat-topic=" + NodeCapacityIT.TOPIC,
        "aicockpit.container-worker.node.cpu-overcommit=3",
        "aicockpit.container-worker.node.api-uri=http://127.0.0.1:18084"})
class NodeCapacityIT {
    static final String TOPIC = "aicockpit.internal.node-heartbeats.node-capacity-it";
    static final String NODE = "it-capacity-" + Long.toString(System.nanoTime(), 36);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    DockerClient docker;

    @DynamicPropertySource
    static void node(DynamicPropertyRegistry registry) {
        registry.add("aicockpit.container-worker.node-id", () -> NODE);
    }

    @Test
    void offersTheEngineCpusTimesTheOvercommit() {
        long engineCpus = docker.infoCmd().exec().getNCPU();

        AtomicReference<JsonNode> seen = new AtomicReference<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ZERO).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (NODE.equals(r.key())) {
                        seen.set(JSON.readTree(r.value()));
                    }
                }
                return seen.get() != null;
            });
        }

        assertThat(seen.get().get("capacity").get("nanoCpus").asLong()).isEqualTo(engineCpus * 3 * 1_000_000_000L);
    }

    private static KafkaConsumer<String, String> consumer() {
        Properties p = new Properties();
        p.putAll(TestKafka.clientProperties());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "node-capacity-it-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer());
        consumer.subscribe(List.of(TOPIC));
        return consumer;
    }
}
