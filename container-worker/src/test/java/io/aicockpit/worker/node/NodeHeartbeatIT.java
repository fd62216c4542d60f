package io.aicockpit.worker.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HostConfig;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import io.aicockpit.worker.docker.WorkspaceContainerNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The node's heartbeat on the real engine and broker: configured capacity and labels, its API address, and the load
 * of a running workspace container of this node (its limits counted, the container listed with its tenant).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "aicockpit.container-worker.reconcile.enabled=false",
        "aicockpit.container-worker.node.heartbeat-interval=300ms",
        "aicockpit.container-worker.node.heartbeat-topic=" + NodeHeartbeatIT.TOPIC,
        "aicockpit.container-worker.node.labels=pool=it,disk=ssd",
        "aicockpit.container-worker.node.cpus=3",
        "aicockpit.container-worker.node.memory=6GB",
        "aicockpit.container-worker.node.max-workspaces=7",
        "aicockpit.container-worker.node.api-uri=http://127.0.0.1:18083"})
class NodeHeartbeatIT {
    static final String TOPIC = "aicockpit.internal.node-heartbeats.node-it";
    static final String NODE = "it-heartbeat-" + Long.toString(System.nanoTime(), 36);
    static final String TENANT = "it-heartbeat";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<String> created = new ArrayList<>();

    @Autowired
    DockerClient docker;

    @DynamicPropertySource
    static void node(DynamicPropertyRegistry registry) {
        registry.add("aicockpit.container-worker.node-id", () -> NODE);
    }

    @AfterEach
    void removeContainers() {
        for (String id : created) {
            try {
                docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException gone) {
                // removed already
            }
        }
    }

    @Test
    void heartbeatCarriesCapacityLabelsAndTheRunningWorkspacesLoad() {
        WorkspaceId workspace = WorkspaceId.random();
        String container = start(workspace);

        AtomicReference<JsonNode> seen = new AtomicReference<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ZERO).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode beat = JSON.readTree(r.value());
                    if (NODE.equals(r.key()) && beat.get("load").get("runningWorkspaces").asInt() == 1) {
                        seen.set(beat);
                    }
                }
                return seen.get() != null;
            });
        }
        JsonNode beat = seen.get();
        assertThat(beat.get("nodeId").asText()).isEqualTo(NODE);
        assertThat(beat.get("apiUri").asText()).isEqualTo("http://127.0.0.1:18083");
        assertThat(beat.get("labels").get("pool").asText()).isEqualTo("it");
        assertThat(beat.get("labels").get("disk").asText()).isEqualTo("ssd");
        JsonNode capacity = beat.get("capacity");
        assertThat(capacity.get("nanoCpus").asLong()).isEqualTo(3_000_000_000L);
        assertThat(capacity.get("memoryBytes").asLong()).isEqualTo(6L * 1024 * 1024 * 1024);
        assertThat(capacity.get("maxWorkspaces").asInt()).isEqualTo(7);
        assertThat(capacity.get("diskBytes").asLong()).as("the volume file system's size").isPositive();
        JsonNode load = beat.get("load");
        assertThat(load.get("reservedNanoCpus").asLong()).isEqualTo(500_000_000L);
        assertThat(load.get("reservedMemoryBytes").asLong()).isEqualTo(64L << 20);
        assertThat(beat.get("workspaces")).singleElement().satisfies(w -> {
            assertThat(w.get("workspaceId").asText()).isEqualTo(workspace.toString());
            assertThat(w.get("tenantId").asText()).isEqualTo(TENANT);
            assertThat(w.get("containerId").asText()).isEqualTo(container);
            assertThat(w.get("running").asBoolean()).isTrue();
        });
        assertThat(beat.get("sentAt").asText()).isNotBlank();
        assertThat(beat.get("interval").asText()).as("an ISO-8601 duration, as docs/events/asyncapi.yaml says")
                .isEqualTo("PT0.3S");
    }

    private String start(WorkspaceId workspace) {
        String name = WorkspaceContainerNames.resourceName(workspace);
        Map<String, String> labels = Map.of(WorkspaceContainerNames.LABEL_MANAGED, "true",
                WorkspaceContainerNames.LABEL_TENANT, TENANT,
                WorkspaceContainerNames.LABEL_WORKSPACE, workspace.toString(),
                WorkspaceContainerNames.LABEL_NODE, NODE);
        String id = docker.createContainerCmd("aicockpit/busybox:local").withName(name).withCmd("sleep", "3600")
                .withLabels(labels).withHostConfig(HostConfig.newHostConfig().withNanoCPUs(500_000_000L)
                        .withMemory(64L << 20).withNetworkMode("none"))
                .exec().getId();
        created.add(id);
        docker.startContainerCmd(id).exec();
        return id;
    }

    private static KafkaConsumer<String, String> consumer() {
        Properties p = new Properties();
        p.putAll(io.aicockpit.testsupport.kafka.TestKafka.clientProperties());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "node-it-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer());
        consumer.subscribe(List.of(TOPIC));
        return consumer;
    }
}
