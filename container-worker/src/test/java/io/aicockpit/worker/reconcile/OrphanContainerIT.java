package io.aicockpit.worker.reconcile;

import io.aicockpit.testsupport.kafka.TestKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import io.aicockpit.coreapi.container.ContainerFound;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import io.aicockpit.worker.docker.WorkspaceContainerNames;
import java.nio.charset.StandardCharsets;
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
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * Orphans on the real engine and broker: the node shows command-side its containers older than the grace period,
 * and removes exactly the container (and, when told, the volume) command-side names for this node.
 */
@SpringBootTest(properties = {
        "aicockpit.container-worker.node-id=" + OrphanContainerIT.NODE,
        "aicockpit.container-worker.reconcile.interval=500ms",
        "aicockpit.container-worker.reconcile.orphan-grace=1s",
        "aicockpit.container-worker.reconcile.events-topic=" + OrphanContainerIT.EVENTS,
        "aicockpit.container-worker.reconcile.node-commands-topic=" + OrphanContainerIT.COMMANDS})
class OrphanContainerIT {
    static final String NODE = "it-orphan-node";
    static final String EVENTS = "aicockpit.internal.container-events.orphan-it";
    static final String COMMANDS = "aicockpit.internal.node-commands.orphan-it";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static KafkaConsumer<String, String> events;
    private static KafkaProducer<String, String> producer;

    @Autowired
    DockerClient docker;
    @Autowired
    KafkaListenerEndpointRegistry listeners;

    private final List<WorkspaceId> workspaces = new ArrayList<>();

    @BeforeAll
    static void connect() {
        Properties c = new Properties();
        c.putAll(TestKafka.clientProperties());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "orphan-it-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        events = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
        Properties p = new Properties();
        p.putAll(TestKafka.clientProperties());
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    @BeforeEach
    void listenersReady() {
        if (events.assignment().isEmpty()) {
            List<TopicPartition> partitions = events.partitionsFor(EVENTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            events.assign(partitions);
            events.seekToEnd(partitions);
            partitions.forEach(events::position);
        }
        // the node's group starts at the newest record: commands sent before it is assigned would be skipped
        await().atMost(Duration.ofSeconds(30)).until(() -> listeners.getAllListenerContainers().stream()
                .filter(c -> ("aicockpit-node-" + NODE).equals(c.getGroupId()))
                .anyMatch(c -> c.getAssignedPartitions() != null && !c.getAssignedPartitions().isEmpty()));
    }

    @AfterEach
    void cleanUp() {
        for (WorkspaceId workspace : workspaces) {
            String name = WorkspaceContainerNames.resourceName(workspace);
            try {
                docker.removeContainerCmd(name).withForce(true).exec();
            } catch (NotFoundException gone) {
                // removed by the test
            }
            try {
                docker.removeVolumeCmd(name).exec();
            } catch (NotFoundException gone) {
                // removed by the test
            }
        }
    }

    @AfterAll
    static void disconnect() {
        events.close();
        producer.close();
    }

    @Test
    void containerOlderThanTheGracePeriodIsShownToCommandSide() throws Exception {
        WorkspaceId workspace = WorkspaceId.random();
        String id = create(workspace, "it-orphans");

        List<JsonNode> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (ConsumerRecord<String, String> record : events.poll(Duration.ofMillis(200))) {
                Header type = record.headers().lastHeader(ContainerFound.TYPE_HEADER);
                if (type != null && "ContainerFound".equals(new String(type.value(), StandardCharsets.UTF_8))
                        && record.value().contains(id)) {
                    found.add(JSON.readTree(record.value()));
                }
            }
            return !found.isEmpty();
        });
        JsonNode question = found.getFirst();
        assertThat(question.get("workspaceId").asText()).isEqualTo(workspace.toString());
        assertThat(question.get("tenantId").asText()).isEqualTo("it-orphans");
        assertThat(question.get("nodeId").asText()).isEqualTo(NODE);
    }

    @Test
    void containerNamedByCommandSideIsRemovedAndItsVolumeOnlyWhenAsked() throws Exception {
        WorkspaceId deleted = WorkspaceId.random();
        WorkspaceId unknown = WorkspaceId.random();
        String deletedContainer = create(deleted, "it-orphans");
        String unknownContainer = create(unknown, "it-orphans");

        send(deleted, "it-orphans", deletedContainer, true);
        send(unknown, "it-orphans", unknownContainer, false);

        await().atMost(Duration.ofSeconds(10)).until(() -> !exists(deletedContainer) && !exists(unknownContainer));
        assertThat(volumeExists(deleted)).isFalse();
        assertThat(volumeExists(unknown)).isTrue();
    }

    @Test
    void commandWhoseLabelsDoNotMatchTheContainerRemovesNothing() throws Exception {
        WorkspaceId mislabelled = WorkspaceId.random();
        WorkspaceId orphan = WorkspaceId.random();
        String kept = create(mislabelled, "it-orphans");
        String removed = create(orphan, "it-orphans");

        send(mislabelled, "another-tenant", kept, true);
        // same node key, same partition: once the later command is done, the first was judged
        send(orphan, "it-orphans", removed, true);

        await().atMost(Duration.ofSeconds(10)).until(() -> !exists(removed));
        assertThat(exists(kept)).isTrue();
        assertThat(volumeExists(mislabelled)).isTrue();
    }

    private String create(WorkspaceId workspace, String tenant) {
        String name = WorkspaceContainerNames.resourceName(workspace);
        Map<String, String> labels = Map.of(WorkspaceContainerNames.LABEL_MANAGED, "true",
                WorkspaceContainerNames.LABEL_TENANT, tenant,
                WorkspaceContainerNames.LABEL_WORKSPACE, workspace.toString(),
                WorkspaceContainerNames.LABEL_NODE, NODE);
        workspaces.add(workspace);
        docker.createVolumeCmd().withName(name).withLabels(labels).exec();
        String id = docker.createContainerCmd(ContainerReconcilerIT.IMAGE).withName(name).withCmd("sleep", "3600")
                .withLabels(labels)
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none").withInit(true)
                        .withBinds(new Bind(name, new Volume("/workspace"))))
                .exec().getId();
        docker.startContainerCmd(id).exec();
        return id;
    }

    private void send(WorkspaceId workspace, String tenant, String containerId, boolean removeVolume) throws Exception {
        producer.send(new ProducerRecord<>(COMMANDS, NODE, """
                {"workspaceId":"%s","tenantId":"%s","nodeId":"%s","containerId":"%s","removeVolume":%s,
                 "reason":"test"}""".formatted(workspace, tenant, NODE, containerId, removeVolume))).get();
    }

    private boolean exists(String containerId) {
        try {
            docker.inspectContainerCmd(containerId).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private boolean volumeExists(WorkspaceId workspace) {
        try {
            docker.inspectVolumeCmd(WorkspaceContainerNames.resourceName(workspace)).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private static String bootstrap() {
        return TestKafka.bootstrap();
    }
}
