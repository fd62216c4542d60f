package io.aicockpit.command.messaging;

import io.aicockpit.testsupport.kafka.TestKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aicockpit.command.support.CommandSideIT;
import io.aicockpit.command.support.KafkaProbe;
import io.aicockpit.coreapi.messaging.Topics;
import io.aicockpit.coreapi.common.TenantId;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Container actions out, worker results in, public CloudEvents out: all through the real broker. */
class WorkspaceMessagingIT extends CommandSideIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    JdbcTemplate jdbc;

    String tenant;

    @BeforeEach
    void onboard() {
        tenant = uniqueTenant("msg");
        client.post().uri("/api/v1/tenants").headers(operator()).body(tenantBody(tenant, 5)).retrieve().toBodilessEntity();
    }

    @Test
    void startSendsAContainerActionWithTheWorkspacesLimits() throws Exception {
        String id = create(Map.of("name", "demo", "stackId", "busybox",
                "limits", Map.of("memoryMiB", 128, "swapMiB", 64, "cpus", 0.25, "pids", 100)));
        JsonNode accepted = start(id);

        List<ConsumerRecord<String, String>> actions = KafkaProbe.await(ACTIONS_TOPIC,
                new StringDeserializer(), r -> id.equals(r.key()), 1, Duration.ofSeconds(20));
        assertThat(actions).hasSize(1);
        JsonNode action = JSON.readTree(actions.get(0).value());
        assertThat(action.get("type").asText()).isEqualTo("START");
        assertThat(action.get("actionId").asText()).isEqualTo(accepted.get("actionId").asText());
        assertThat(action.get("tenantId").asText()).isEqualTo(tenant);
        assertThat(action.at("/spec/image").asText()).isEqualTo("aicockpit/busybox:local");
        assertThat(action.at("/spec/user").asText()).isEqualTo("dev");
        assertThat(action.at("/spec/limits/memoryBytes").asLong()).isEqualTo(128L << 20);
        assertThat(action.at("/spec/limits/swapBytes").asLong()).isEqualTo(64L << 20);
        assertThat(action.at("/spec/limits/nanoCpus").asLong()).isEqualTo(250_000_000L);
        assertThat(action.at("/spec/limits/pids").asLong()).isEqualTo(100);
    }

    @Test
    void workerResultBecomesAnEventOnceEvenIfRedelivered() throws Exception {
        String id = create(Map.of("name", "demo", "stackId", "busybox"));
        JsonNode accepted = start(id);
        String result = """
                {"actionId":"%s","type":"START","workspaceId":"%s","tenantId":"%s","outcome":"SUCCEEDED",
                 "nodeId":"node-7","containerId":"c0ffee","completedAt":"%s"}"""
                .formatted(accepted.get("actionId").asText(), id, tenant, Instant.now());
        KafkaProbe.send(RESULTS_TOPIC, id, result);
        KafkaProbe.send(RESULTS_TOPIC, id, result);
        KafkaProbe.send(RESULTS_TOPIC, id, "{not json");

        List<ConsumerRecord<String, CloudEvent>> started = KafkaProbe.await(Topics.workspaceEvents(new TenantId(tenant)),
                new CloudEventDeserializer(), r -> id.equals(r.key())
                        && r.value().getType().equals("io.aicockpit.workspace.started.v1"), 1, Duration.ofSeconds(20));
        assertThat(started).hasSize(1);
        JsonNode data = JSON.readTree(started.get(0).value().getData().toBytes());
        assertThat(data.get("nodeId").asText()).isEqualTo("node-7");
        assertThat(data.get("containerId").asText()).isEqualTo("c0ffee");

        // the duplicate and the unreadable record are consumed without a second event
        KafkaProbe.send(RESULTS_TOPIC, id, result.replace("SUCCEEDED", "FAILED"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(consumerLag()).isZero());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM eventstore.domainevententry WHERE aggregateidentifier = ? "
                + "AND payloadtype LIKE '%WorkspaceStarted'", Integer.class, id)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM eventstore.domainevententry WHERE aggregateidentifier = ? "
                + "AND payloadtype LIKE '%WorkspaceFailed'", Integer.class, id)).isZero();
    }

    @Test
    void publicEventsAreCloudEventsInOrderAndNoneIsLostAcrossAPublisherRestart() throws Exception {
        EventProcessor publisher = processing.eventProcessor("public-workspace-events").orElseThrow();
        String id = create(Map.of("name", "v0", "stackId", "busybox"));
        await().atMost(Duration.ofSeconds(20)).until(() -> KafkaProbe.await(Topics.workspaceEvents(new TenantId(tenant)),
                new CloudEventDeserializer(), r -> id.equals(r.key()), 1, Duration.ofSeconds(2)).size() == 1);

        publisher.shutDown();
        try {
            for (int i = 1; i <= 5; i++) {
                assertThat(client.patch().uri("/api/v1/workspaces/" + id).headers(as(tenant, "alice", "DEVELOPER"))
                        .body(Map.of("name", "v" + i)).retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(204);
            }
            start(id);
        } finally {
            publisher.start();
        }

        List<ConsumerRecord<String, CloudEvent>> events = KafkaProbe.await(Topics.workspaceEvents(new TenantId(tenant)),
                new CloudEventDeserializer(), r -> id.equals(r.key()), 7, Duration.ofSeconds(30));
        assertThat(events).hasSize(7);
        assertThat(events).extracting(r -> r.value().getExtension("sequence"))
                .containsExactly("0", "1", "2", "3", "4", "5", "6");
        assertThat(events).extracting(r -> r.value().getType()).containsExactly(
                "io.aicockpit.workspace.created.v1", "io.aicockpit.workspace.renamed.v1",
                "io.aicockpit.workspace.renamed.v1", "io.aicockpit.workspace.renamed.v1",
                "io.aicockpit.workspace.renamed.v1", "io.aicockpit.workspace.renamed.v1",
                "io.aicockpit.workspace.start-requested.v1");
        assertThat(events).map(ConsumerRecord::partition).containsOnly(events.get(0).partition());
        CloudEvent last = events.get(6).value();
        assertThat(last.getSubject()).isEqualTo(id);
        assertThat(last.getSource()).hasToString("/aicockpit/command-side");
        assertThat(last.getExtension("tenantid")).isEqualTo(tenant);
        assertThat(last.getDataContentType()).isEqualTo("application/json");
        assertThat(last.getTime()).isNotNull();
        assertThat(events).extracting(r -> r.value().getId()).doesNotHaveDuplicates();
        JsonNode renamed = JSON.readTree(events.get(5).value().getData().toBytes());
        assertThat(renamed.get("name").asText()).isEqualTo("v5");
    }

    private long consumerLag() throws Exception {
        try (var admin = org.apache.kafka.clients.admin.AdminClient.create(TestKafka.clientProperties())) {
            var committed = admin.listConsumerGroupOffsets("aicockpit-command-side").partitionsToOffsetAndMetadata().get();
            var ends = admin.listOffsets(committed.keySet().stream().collect(java.util.stream.Collectors.toMap(
                    tp -> tp, tp -> org.apache.kafka.clients.admin.OffsetSpec.latest()))).all().get();
            return committed.entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(RESULTS_TOPIC))
                    .mapToLong(e -> ends.get(e.getKey()).offset() - e.getValue().offset()).sum();
        }
    }

    private String create(Map<String, Object> body) {
        return client.post().uri("/api/v1/workspaces").headers(as(tenant, "alice", "DEVELOPER")).body(body)
                .retrieve().body(JsonNode.class).get("workspaceId").asText();
    }

    private JsonNode start(String id) {
        return client.post().uri("/api/v1/workspaces/" + id + "/start").headers(as(tenant, "alice", "DEVELOPER"))
                .retrieve().body(JsonNode.class);
    }
}
