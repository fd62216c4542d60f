package io.aicockpit.system;

import io.aicockpit.testsupport.kafka.TestKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A worker that dies mid-action, and actions delivered twice, never leave a second container or a wrong state. */
class WorkerCrashSystemIT {
    static final Duration SETTLE = Duration.ofSeconds(90);
    static Platform platform;

    @BeforeAll
    static void platform() throws Exception {
        platform = Platform.get();
    }

    @AfterAll
    static void healthyWorker() throws Exception {
        if (!platform.worker().isAlive()) {
            platform.replaceWorker(List.of());
        }
    }

    @Test
    void workerKilledBetweenDockerWorkAndAcknowledgementLeavesOneContainerAfterRestart() throws Exception {
        String tenant = platform.onboardTenant("crash", 2);
        String id = platform.createWorkspace(tenant, Map.of("name", "crashy", "stackId", "busybox"));
        ServiceProcess dying = platform.replaceWorkerWithOneThatDiesBeforeAck();

        assertThat(platform.post(platform.commandSide, "/api/v1/workspaces/" + id + "/start",
                Platform.developer(tenant), null).status()).isEqualTo(202);
        int exit = dying.awaitExit(SETTLE);
        assertThat(exit).isNotZero();
        // the container exists, but nobody was told: the action was never acknowledged
        assertThat(platform.containersOf(id)).hasSize(1);
        assertThat(platform.status(tenant, id)).isEqualTo("PROVISIONING");

        platform.replaceWorker(List.of());
        await().atMost(SETTLE).until(() -> "RUNNING".equals(platform.status(tenant, id)));
        assertThat(platform.containersOf(id)).hasSize(1).allSatisfy(c -> assertThat(c.getState()).isEqualTo("running"));
        assertThat(platform.view(tenant, id).get("containerId").asText())
                .isEqualTo(platform.containersOf(id).get(0).getId());

        platform.send(platform.commandSide, "DELETE", "/api/v1/workspaces/" + id, Platform.developer(tenant), null);
        await().atMost(SETTLE).until(() -> "DELETED".equals(platform.status(tenant, id)));
        assertThat(platform.containersOf(id)).isEmpty();
    }

    @Test
    void startActionDeliveredTwiceCreatesOneContainerAndOneStartedEvent() throws Exception {
        String tenant = platform.onboardTenant("twice", 2);
        String id = platform.createWorkspace(tenant, Map.of("name", "twice", "stackId", "busybox"));
        assertThat(platform.post(platform.commandSide, "/api/v1/workspaces/" + id + "/start",
                Platform.developer(tenant), null).status()).isEqualTo(202);
        await().atMost(SETTLE).until(() -> "RUNNING".equals(platform.status(tenant, id)));
        long versionWhenRunning = platform.view(tenant, id).get("version").asLong();

        ConsumerRecord<String, String> action = firstAction(id);
        redeliver(action);
        redeliver(action);

        // the worker answers both copies; once command-side consumed them, nothing changed
        await().atMost(SETTLE).until(() -> resultsFor(id) >= 3);
        assertThat(platform.containersOf(id)).hasSize(1);
        assertThat(platform.status(tenant, id)).isEqualTo("RUNNING");
        assertThat(platform.view(tenant, id).get("version").asLong()).isEqualTo(versionWhenRunning);

        platform.send(platform.commandSide, "DELETE", "/api/v1/workspaces/" + id, Platform.developer(tenant), null);
        await().atMost(SETTLE).until(() -> "DELETED".equals(platform.status(tenant, id)));
    }

    private static ConsumerRecord<String, String> firstAction(String workspaceId) {
        // placed on the run's node: its actions travel on that node's own topic
        List<ConsumerRecord<String, String>> found = read(Platform.ACTIONS_TOPIC + "." + Platform.NODE, workspaceId, 1);
        assertThat(found).isNotEmpty();
        return found.get(0);
    }

    private static int resultsFor(String workspaceId) {
        return read(Platform.RESULTS_TOPIC, workspaceId, Integer.MAX_VALUE).size();
    }

    private static List<ConsumerRecord<String, String>> read(String topic, String key, int max) {
        Properties p = new Properties();
        p.putAll(TestKafka.clientProperties());
        p.putAll(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "system-probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < deadline && found.size() < max) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
            }
        }
        return found;
    }

    private static void redeliver(ConsumerRecord<String, String> action) throws Exception {
        Properties p = new Properties();
        p.putAll(TestKafka.clientProperties());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(action.topic(), action.key(), action.value())).get();
        }
    }
}
