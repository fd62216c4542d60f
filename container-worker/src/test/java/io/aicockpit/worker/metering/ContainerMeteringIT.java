package io.aicockpit.worker.metering;

import io.aicockpit.testsupport.kafka.TestKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HostConfig;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.messaging.CloudEventTypes;
import io.aicockpit.coreapi.messaging.Topics;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import io.aicockpit.worker.docker.WorkspaceContainerNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Metering on the real Docker engine and broker: a container burning CPU under a 0.5 CPU limit is charged about
 * half a CPU-second per second and never more than its limit allows; an idle one about nothing. Containers are
 * made here with the worker's labels for this test's node.
 */
@SpringBootTest(properties = {
        "aicockpit.container-worker.reconcile.enabled=false",
        "aicockpit.container-worker.metering.enabled=true",
        "aicockpit.container-worker.metering.interval=1s",
        "aicockpit.container-worker.metering.disk-interval=1s",
        "aicockpit.container-worker.metering.publish-public=true",
        "aicockpit.container-worker.metering.topic=" + ContainerMeteringIT.TOPIC})
class ContainerMeteringIT {
    static final String TOPIC = "aicockpit.internal.container-usage.metering-it";
    static final String NODE = "it-meter-" + Long.toString(System.nanoTime(), 36);
    static final String TENANT = "it-meter-" + Long.toString(System.nanoTime(), 36);
    static final String IMAGE = "aicockpit/busybox:local";
    /** Slack for the sampling interval being measured between two stats reads, not exactly one second. */
    static final double MARGIN = 0.25;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<String> created = new ArrayList<>();
    private final List<String> volumes = new ArrayList<>();

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
        for (String volume : volumes) {
            try {
                docker.removeVolumeCmd(volume).exec();
            } catch (NotFoundException gone) {
                // removed already
            }
        }
    }

    @Test
    void busyContainerIsChargedItsCpuTimeWithinItsLimitAndAnIdleOneNearlyNothing() {
        WorkspaceId busy = WorkspaceId.random();
        WorkspaceId idle = WorkspaceId.random();
        start(busy, "sh", "-c", "dd if=/dev/zero of=/workspace/blob bs=1M count=8 2>/dev/null; while :; do :; done");
        start(idle, "sleep", "3600");

        List<JsonNode> busyRecords = new CopyOnWriteArrayList<>();
        List<JsonNode> idleRecords = new CopyOnWriteArrayList<>();
        try (KafkaConsumer<String, String> internal = consumer(TOPIC)) {
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ZERO).until(() -> {
                for (ConsumerRecord<String, String> r : internal.poll(Duration.ofMillis(200))) {
                    JsonNode usage = JSON.readTree(r.value());
                    if (usage.get("workspaceId").asText().equals(busy.toString())) {
                        assertThat(r.key()).isEqualTo(busy.toString());
                        busyRecords.add(usage);
                    } else if (usage.get("workspaceId").asText().equals(idle.toString())) {
                        idleRecords.add(usage);
                    }
                }
                return busyRecords.size() >= 4 && idleRecords.size() >= 4;
            });
        }

        // the first record may cover the start (dd, shell start-up); look at the steady ones after it
        for (JsonNode usage : busyRecords.subList(1, busyRecords.size())) {
            double seconds = seconds(usage);
            assertThat(usage.get("cpuSeconds").asDouble()).as("busy %s", usage)
                    .isGreaterThan(0.2 * seconds)
                    .isLessThanOrEqualTo(0.5 * seconds + MARGIN);
            assertThat(usage.get("memoryGibSeconds").asDouble()).isPositive();
            assertThat(usage.get("diskGibHours").asDouble()).as("8 MiB under /workspace").isPositive();
            assertThat(usage.get("tenantId").asText()).isEqualTo(TENANT);
            assertThat(usage.get("nodeId").asText()).isEqualTo(NODE);
        }
        for (JsonNode usage : idleRecords.subList(1, idleRecords.size())) {
            assertThat(usage.get("cpuSeconds").asDouble()).as("idle %s", usage).isLessThan(0.05 * seconds(usage));
        }
        List<String> ids = busyRecords.stream().map(u -> u.get("id").asText()).toList();
        assertThat(ids).doesNotHaveDuplicates();
        for (int i = 1; i < busyRecords.size(); i++) {
            assertThat(busyRecords.get(i).get("from").asText()).as("windows follow each other without gaps")
                    .isEqualTo(busyRecords.get(i - 1).get("to").asText());
        }
    }

    @Test
    void publishesEachRecordOnTheTenantsPublicUsageTopicAsACloudEvent() throws Exception {
        WorkspaceId busy = WorkspaceId.random();
        start(busy, "sh", "-c", "while :; do :; done");

        try (KafkaConsumer<String, String> events = consumer(Topics.usage(new TenantId(TENANT)))) {
            ConsumerRecord<String, String>[] found = new ConsumerRecord[1];
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ZERO).until(() -> {
                for (ConsumerRecord<String, String> r : events.poll(Duration.ofMillis(200))) {
                    if (busy.toString().equals(r.key())) {
                        found[0] = r;
                    }
                }
                return found[0] != null;
            });
            ConsumerRecord<String, String> event = found[0];
            JsonNode data = JSON.readTree(event.value());
            assertThat(header(event, "ce_type")).isEqualTo(CloudEventTypes.CONTAINER_USAGE);
            assertThat(header(event, "ce_specversion")).isEqualTo("1.0");
            assertThat(header(event, "ce_id")).isEqualTo(data.get("id").asText());
            assertThat(header(event, "ce_subject")).isEqualTo(busy.toString());
            assertThat(header(event, "ce_tenantid")).isEqualTo(TENANT);
            assertThat(header(event, "ce_source")).isEqualTo("/aicockpit/nodes/" + NODE);
            assertThat(data.get("cpuSeconds").asDouble()).isPositive();
        }
    }

    private static double seconds(JsonNode usage) {
        return Duration.between(Instant.parse(usage.get("from").asText()), Instant.parse(usage.get("to").asText()))
                .toMillis() / 1000d;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private void start(WorkspaceId workspace, String... command) {
        String name = WorkspaceContainerNames.resourceName(workspace);
        Map<String, String> labels = Map.of(WorkspaceContainerNames.LABEL_MANAGED, "true",
                WorkspaceContainerNames.LABEL_TENANT, TENANT,
                WorkspaceContainerNames.LABEL_WORKSPACE, workspace.toString(),
                WorkspaceContainerNames.LABEL_NODE, NODE);
        String id = docker.createContainerCmd(IMAGE).withName(name).withCmd(command).withLabels(labels)
                .withHostConfig(HostConfig.newHostConfig().withNanoCPUs(500_000_000L).withMemory(64L << 20)
                        .withNetworkMode("none")
                        .withBinds(new com.github.dockerjava.api.model.Bind(name,
                                new com.github.dockerjava.api.model.Volume(WorkspaceContainerNames.WORKSPACE_DIR))))
                .exec().getId();
        created.add(id);
        volumes.add(name);
        docker.startContainerCmd(id).exec();
    }

    private static KafkaConsumer<String, String> consumer(String topic) {
        Properties p = new Properties();
        p.putAll(TestKafka.clientProperties());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "metering-it-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }
}
