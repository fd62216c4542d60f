package io.aicockpit.command.messaging;

import io.aicockpit.testsupport.kafka.TestKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aicockpit.command.support.CommandSideIT;
import io.aicockpit.command.support.KafkaProbe;
import io.aicockpit.coreapi.container.ContainerFound;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** A node asks about a container it found; command-side tells it to remove the ones no workspace wants. */
class OrphanContainerIT extends CommandSideIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    JdbcTemplate jdbc;

    String tenant;
    final String node = "node-orphan-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void onboard() {
        tenant = uniqueTenant("orphan");
        client.post().uri("/api/v1/tenants").headers(operator()).body(tenantBody(tenant, 2)).retrieve().toBodilessEntity();
    }

    @Test
    void containerOfAnUnknownWorkspaceIsRemovedAndItsVolumeKept() throws Exception {
        String unknown = UUID.randomUUID().toString();

        found(unknown, tenant, "c-unknown");

        JsonNode command = awaitCommand("c-unknown");
        assertThat(command.get("workspaceId").asText()).isEqualTo(unknown);
        assertThat(command.get("nodeId").asText()).isEqualTo(node);
        assertThat(command.get("removeVolume").asBoolean()).isFalse();
    }

    @Test
    void containerOfADeletedWorkspaceIsRemovedWithItsVolume() throws Exception {
        String id = create();
        JsonNode accepted = client.delete().uri("/api/v1/workspaces/" + id).headers(as(tenant, "alice", "DEVELOPER"))
                .retrieve().body(JsonNode.class);
        KafkaProbe.send(RESULTS_TOPIC, id, """
                {"actionId":"%s","type":"DELETE","workspaceId":"%s","tenantId":"%s","outcome":"SUCCEEDED",
                 "nodeId":"%s","completedAt":"%s"}"""
                .formatted(accepted.get("actionId").asText(), id, tenant, node, Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject("SELECT count(*) FROM "
                + "eventstore.domainevententry WHERE aggregateidentifier = ? AND payloadtype LIKE '%WorkspaceDeleted'",
                Integer.class, id) == 1);

        found(id, tenant, "c-deleted");

        assertThat(awaitCommand("c-deleted").get("removeVolume").asBoolean()).isTrue();
    }

    @Test
    void containerOfAnExistingWorkspaceIsLeftAloneEvenWhenStopped() throws Exception {
        String wanted = create();
        String unknown = UUID.randomUUID().toString();

        // same key, same partition: once the later question is answered, the first was judged
        found(wanted, tenant, "c-wanted", wanted);
        found(unknown, tenant, "c-after", wanted);

        awaitCommand("c-after");
        assertThat(commands("c-wanted", Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void containerLabelledWithAnotherTenantIsTreatedAsUnknown() throws Exception {
        String id = create();

        found(id, "someone-else", "c-foreign");

        assertThat(awaitCommand("c-foreign").get("removeVolume").asBoolean()).isFalse();
    }

    private String create() {
        return client.post().uri("/api/v1/workspaces").headers(as(tenant, "alice", "DEVELOPER"))
                .body(Map.of("name", "demo", "stackId", "busybox")).retrieve().body(JsonNode.class)
                .get("workspaceId").asText();
    }

    private void found(String workspaceId, String labelledTenant, String containerId) throws Exception {
        found(workspaceId, labelledTenant, containerId, workspaceId);
    }

    private void found(String workspaceId, String labelledTenant, String containerId, String key) throws Exception {
        Properties p = new Properties();
        p.putAll(TestKafka.clientProperties());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(CONTAINER_EVENTS_TOPIC, key, """
                    {"workspaceId":"%s","tenantId":"%s","nodeId":"%s","containerId":"%s","createdAt":"%s"}"""
                    .formatted(workspaceId, labelledTenant, node, containerId, Instant.now().minusSeconds(3600)));
            record.headers().add(ContainerFound.TYPE_HEADER, "ContainerFound".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
    }

    private JsonNode awaitCommand(String containerId) throws Exception {
        List<JsonNode> found = commands(containerId, Duration.ofSeconds(20));
        assertThat(found).as("remove command for %s", containerId).hasSize(1);
        return found.getFirst();
    }

    private List<JsonNode> commands(String containerId, Duration timeout) throws Exception {
        List<ConsumerRecord<String, String>> records = KafkaProbe.await(NODE_COMMANDS_TOPIC, new StringDeserializer(),
                r -> node.equals(r.key()) && r.value().contains("\"" + containerId + "\""), 1, timeout);
        List<JsonNode> parsed = new java.util.ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            parsed.add(JSON.readTree(record.value()));
        }
        return parsed;
    }
}
