package io.aicockpit.command.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aicockpit.command.support.CommandSideIT;
import io.aicockpit.command.support.KafkaProbe;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.messaging.Topics;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** A node's exit observation through the real broker: the workspace crashes, its slot is freed, integrations hear of it. */
class ContainerExitIT extends CommandSideIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    JdbcTemplate jdbc;

    String tenant;

    @BeforeEach
    void onboard() {
        tenant = uniqueTenant("crash");
        client.post().uri("/api/v1/tenants").headers(operator()).body(tenantBody(tenant, 1)).retrieve().toBodilessEntity();
    }

    @Test
    void exitOfTheRunningContainerCrashesTheWorkspaceAndReleasesItsSlot() throws Exception {
        String id = runningWorkspace("c-run-1");
        assertThat(runningSlots()).isEqualTo(1);

        KafkaProbe.send(CONTAINER_EVENTS_TOPIC, id, exited(id, "c-run-1", 0, true, "killed: out of memory (OOM)"));

        List<ConsumerRecord<String, CloudEvent>> crashed = KafkaProbe.await(Topics.workspaceEvents(new TenantId(tenant)),
                new CloudEventDeserializer(), r -> id.equals(r.key())
                        && r.value().getType().equals("io.aicockpit.workspace.crashed.v1"), 1, Duration.ofSeconds(20));
        assertThat(crashed).hasSize(1);
        JsonNode data = JSON.readTree(crashed.get(0).value().getData().toBytes());
        assertThat(data.get("reason").asText()).isEqualTo("killed: out of memory (OOM)");
        assertThat(data.get("oomKilled").asBoolean()).isTrue();
        assertThat(data.get("exitCode").asInt()).isZero();
        assertThat(data.get("nodeId").asText()).isEqualTo("node-7");
        assertThat(runningSlots()).isZero();

        // the quota is one running workspace: a second start only passes because the crash gave the slot back
        assertThat(client.post().uri("/api/v1/workspaces/" + id + "/start").headers(as(tenant, "alice", "DEVELOPER"))
                .retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(202);
        assertThat(runningSlots()).isEqualTo(1);
    }

    @Test
    void exitOfAnotherContainerChangesNothing() throws Exception {
        String id = runningWorkspace("c-run-2");

        KafkaProbe.send(CONTAINER_EVENTS_TOPIC, id, exited(id, "c-somebody-else", 137, false, "exited with code 137"));
        // the twin of the case above on the same partition: once it is handled, the first one was too
        String other = runningWorkspaceOfAnotherTenant();
        KafkaProbe.send(CONTAINER_EVENTS_TOPIC, id, exited(other, "c-other", 137, false, "exited with code 137"));
        await().atMost(Duration.ofSeconds(20)).until(() -> count(other, "WorkspaceCrashed") == 1);

        assertThat(count(id, "WorkspaceCrashed")).isZero();
        assertThat(runningSlots()).isEqualTo(1);
    }

    private String runningWorkspace(String containerId) throws Exception {
        return runningWorkspace(tenant, containerId);
    }

    private String runningWorkspaceOfAnotherTenant() throws Exception {
        String second = uniqueTenant("crash");
        client.post().uri("/api/v1/tenants").headers(operator()).body(tenantBody(second, 1)).retrieve().toBodilessEntity();
        return runningWorkspace(second, "c-other");
    }

    private String runningWorkspace(String owner, String containerId) throws Exception {
        String id = client.post().uri("/api/v1/workspaces").headers(as(owner, "alice", "DEVELOPER"))
                .body(Map.of("name", "demo", "stackId", "busybox")).retrieve().body(JsonNode.class)
                .get("workspaceId").asText();
        JsonNode accepted = client.post().uri("/api/v1/workspaces/" + id + "/start")
                .headers(as(owner, "alice", "DEVELOPER")).retrieve().body(JsonNode.class);
        KafkaProbe.send(RESULTS_TOPIC, id, """
                {"actionId":"%s","type":"START","workspaceId":"%s","tenantId":"%s","outcome":"SUCCEEDED",
                 "nodeId":"node-7","containerId":"%s","completedAt":"%s"}"""
                .formatted(accepted.get("actionId").asText(), id, owner, containerId, Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> count(id, "WorkspaceStarted") == 1);
        return id;
    }

    private String exited(String workspaceId, String containerId, int exitCode, boolean oom, String reason) {
        String owner = jdbc.queryForObject("SELECT tenant_id FROM command.workspace_slot WHERE workspace_id = ?::uuid",
                String.class, workspaceId);
        return """
                {"workspaceId":"%s","tenantId":"%s","nodeId":"node-7","containerId":"%s","exitCode":%d,
                 "oomKilled":%s,"finishedAt":"%s","reason":"%s"}"""
                .formatted(workspaceId, owner, containerId, exitCode, oom, Instant.now(), reason);
    }

    private int count(String workspaceId, String eventType) {
        Integer n = jdbc.queryForObject("SELECT count(*) FROM eventstore.domainevententry WHERE aggregateidentifier = ? "
                + "AND payloadtype LIKE ?", Integer.class, workspaceId, "%" + eventType);
        return n == null ? 0 : n;
    }

    private int runningSlots() {
        Integer n = jdbc.query("SELECT running FROM command.tenant_slot_counter WHERE tenant_id = ?",
                rs -> rs.next() ? rs.getInt(1) : 0, tenant);
        return n == null ? 0 : n;
    }
}
