package io.aicockpit.worker.reconcile;

import io.aicockpit.testsupport.kafka.TestKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HostConfig;
import io.aicockpit.worker.ContainerWorkerProperties;
import io.aicockpit.worker.docker.WorkspaceContainerNames;
import io.aicockpit.worker.docker.WorkerDockerClients;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The reconciler on the real Docker engine and broker: exits it must report within seconds (kill, out-of-memory
 * kill of a child with exit code 0, an exit that happened while the worker was down) and the one it must not (a
 * stop the node did itself). Containers are made here with the worker's labels for this test's node.
 */
@SpringBootTest(properties = {
        // a pass only at start-up: detection within the deadlines below must come from the event stream
        "aicockpit.container-worker.reconcile.interval=1h",
        "aicockpit.container-worker.reconcile.events-topic=" + ContainerReconcilerIT.TOPIC})
class ContainerReconcilerIT {
    static final String TOPIC = "aicockpit.internal.container-events.reconciler-it";
    static final String NODE = "it-reconciler-" + Long.toString(System.nanoTime(), 36);
    static final String IMAGE = "aicockpit/busybox:local";
    static final Duration DETECTION = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CREATED = new ArrayList<>();
    /** Exited before the worker started: only the start-up pass can find it. */
    private static String exitedWhileDown;
    private static KafkaConsumer<String, String> reports;
    private static final List<ConsumerRecord<String, String>> SEEN = new ArrayList<>();

    @Autowired
    DockerClient docker;
    @Autowired
    ExpectedExits expectedExits;
    @Autowired
    ContainerReconciler reconciler;

    @DynamicPropertySource
    static void worker(DynamicPropertyRegistry registry) throws Exception {
        registry.add("aicockpit.container-worker.node-id", () -> NODE);
        openReader();
        try (DockerClient engine = WorkerDockerClients.create(new ContainerWorkerProperties(NODE,
                "unix:///var/run/docker.sock", "1.41", "none", List.of(), Duration.ofSeconds(1), "a", "r", false,
                java.net.URI.create("http://127.0.0.1:8082"), null, null))) {
            exitedWhileDown = create(engine, 64, "sh", "-c", "exit 3");
            engine.startContainerCmd(exitedWhileDown).exec();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    "exited".equals(engine.inspectContainerCmd(exitedWhileDown).exec().getState().getStatus()));
        }
    }

    @AfterEach
    void removeContainers() {
        synchronized (CREATED) {
            for (String id : CREATED) {
                try {
                    docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
                } catch (NotFoundException gone) {
                    // removed already
                }
            }
            CREATED.clear();
        }
    }

    @AfterAll
    static void closeReader() {
        reports.close();
    }

    @Test
    void killedContainerIsReportedWithinFiveSeconds() throws Exception {
        String id = create(docker, 64, "sleep", "3600");
        docker.startContainerCmd(id).exec();

        docker.killContainerCmd(id).exec();

        JsonNode report = awaitReport(id, DETECTION);
        assertThat(report.get("exitCode").asInt()).isEqualTo(137);
        assertThat(report.get("oomKilled").asBoolean()).isFalse();
        assertThat(report.get("reason").asText()).isEqualTo("exited with code 137 (killed)");
        assertThat(report.get("nodeId").asText()).isEqualTo(NODE);
        assertThat(report.get("workspaceId").asText()).isEqualTo(labels(id).get(WorkspaceContainerNames.LABEL_WORKSPACE));
        assertThat(report.get("tenantId").asText()).isEqualTo("it-reconciler");
        assertThat(report.get("finishedAt").asText()).isNotBlank();
    }

    @Test
    void outOfMemoryKillOfAChildIsNamedOomEvenWithExitCodeZero() throws Exception {
        String id = create(docker, 64, "sh", "-c", "head -c 200m /dev/zero | tail; sleep 1; exit 0");

        docker.startContainerCmd(id).exec();

        JsonNode report = awaitReport(id, Duration.ofSeconds(20));
        assertThat(report.get("exitCode").asInt()).isZero();
        assertThat(report.get("oomKilled").asBoolean()).isTrue();
        assertThat(report.get("reason").asText()).isEqualTo("killed: out of memory (OOM)");
    }

    @Test
    void oomEventDuringTheRunNamesTheExitOomWhateverDockerSays() throws Exception {
        String id = create(docker, 64, "sh", "-c", "sleep 1; exit 0");
        docker.startContainerCmd(id).exec();

        reconciler.oomSeen(id, Instant.now());

        JsonNode report = awaitReport(id, DETECTION);
        assertThat(report.get("oomKilled").asBoolean()).isTrue();
        assertThat(report.get("reason").asText()).isEqualTo("killed: out of memory (OOM)");
    }

    @Test
    void oomEventOfAnEarlierRunDoesNotNameTheNextExit() throws Exception {
        String id = create(docker, 64, "sh", "-c", "sleep 1; exit 0");
        reconciler.oomSeen(id, Instant.now().minusSeconds(60));

        docker.startContainerCmd(id).exec();

        JsonNode report = awaitReport(id, DETECTION);
        assertThat(report.get("oomKilled").asBoolean()).isFalse();
        assertThat(report.get("reason").asText()).isEqualTo("exited with code 0");
    }

    @Test
    void exitWhileTheWorkerWasDownIsReportedByTheStartUpPass() throws Exception {
        CREATED.add(exitedWhileDown);

        JsonNode report = awaitReport(exitedWhileDown, DETECTION);

        assertThat(report.get("exitCode").asInt()).isEqualTo(3);
        assertThat(report.get("reason").asText()).isEqualTo("exited with code 3");
    }

    @Test
    void stopByTheNodeItselfIsNotReported() throws Exception {
        String stopped = create(docker, 64, "sleep", "3600");
        String killed = create(docker, 64, "sleep", "3600");
        docker.startContainerCmd(stopped).exec();
        docker.startContainerCmd(killed).exec();

        expectedExits.expect(stopped);
        docker.stopContainerCmd(stopped).withTimeout(1).exec();
        docker.killContainerCmd(killed).exec();

        // reports are made in the order Docker announced the exits: once the later one is out, the first was judged
        awaitReport(killed, DETECTION);
        assertThat(reportsFor(stopped)).isEmpty();
    }

    @Test
    void containerRemovedByHandIsReportedAndOneRemovedByTheNodeIsNot() throws Exception {
        String ours = create(docker, 64, "sleep", "3600");
        String byHand = create(docker, 64, "sleep", "3600");

        expectedExits.expect(ours);
        docker.removeContainerCmd(ours).exec();
        docker.removeContainerCmd(byHand).exec();

        JsonNode report = awaitReport(byHand, DETECTION);
        assertThat(report.get("reason").asText()).isEqualTo("container removed outside the platform");
        assertThat(report.get("exitCode").asInt()).isEqualTo(-1);
        assertThat(reportsFor(ours)).isEmpty();
    }

    private static String create(DockerClient engine, long memoryMiB, String... command) {
        String workspace = UUID.randomUUID().toString();
        String id = engine.createContainerCmd(IMAGE)
                .withName(WorkspaceContainerNames.resourceName(io.aicockpit.coreapi.workspace.WorkspaceId.of(workspace)))
                .withCmd(command)
                .withLabels(Map.of(WorkspaceContainerNames.LABEL_MANAGED, "true",
                        WorkspaceContainerNames.LABEL_TENANT, "it-reconciler",
                        WorkspaceContainerNames.LABEL_WORKSPACE, workspace,
                        WorkspaceContainerNames.LABEL_NODE, NODE))
                .withHostConfig(HostConfig.newHostConfig().withMemory(memoryMiB << 20).withMemorySwap(memoryMiB << 20)
                        .withNetworkMode("none").withInit(true))
                .exec().getId();
        synchronized (CREATED) {
            CREATED.add(id);
        }
        return id;
    }

    private Map<String, String> labels(String id) {
        return docker.inspectContainerCmd(id).exec().getConfig().getLabels();
    }

    private static JsonNode awaitReport(String containerId, Duration deadline) {
        List<JsonNode> found = new ArrayList<>();
        await().atMost(deadline).pollInterval(Duration.ofMillis(100)).until(() -> {
            found.clear();
            found.addAll(reportsFor(containerId));
            return !found.isEmpty();
        });
        return found.getFirst();
    }

    private static synchronized List<JsonNode> reportsFor(String containerId) throws Exception {
        reports.poll(Duration.ofMillis(100)).forEach(SEEN::add);
        List<JsonNode> matching = new ArrayList<>();
        for (ConsumerRecord<String, String> record : SEEN) {
            JsonNode value = JSON.readTree(record.value());
            if (containerId.equals(value.path("containerId").asText())) {
                matching.add(value);
            }
        }
        return matching;
    }

    private static void openReader() throws Exception {
        try (var admin = org.apache.kafka.clients.admin.Admin.create(TestKafka.clientProperties())) {
            try {
                admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(TOPIC, 3, (short) 1)))
                        .all().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                    throw e;
                }
            }
        }
        Properties props = new Properties();
        props.putAll(TestKafka.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reconciler-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        reports = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = reports.partitionsFor(TOPIC).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        reports.assign(partitions);
        reports.seekToEnd(partitions);
        partitions.forEach(reports::position);
    }

    private static String bootstrap() {
        return TestKafka.bootstrap();
    }
}
