package io.aicockpit.command.idle;

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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Idle auto-stop through the real broker and PostgreSQL, with the node simulated by results and activity reports:
 * an unused workspace is warned, then stopped with reason IDLE; one reporting activity is not; activity after a
 * warning withdraws it; a tenant that disabled idle stop keeps its workspaces running.
 */
class IdleStopIT extends CommandSideIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    @Autowired
    JdbcTemplate jdbc;

    private final ScheduledExecutorService node = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopNode() {
        node.shutdownNow();
    }

    @Test
    void stopsTheIdleWorkspaceButNotTheOneInUse() throws Exception {
        String tenant = tenantWithIdleTimeout(TIMEOUT);
        String idle = runningWorkspace(tenant, "c-idle");
        String busy = runningWorkspace(tenant, "c-busy");
        node.scheduleAtFixedRate(() -> reportActivity(tenant, busy), 0, 500, TimeUnit.MILLISECONDS);

        List<ConsumerRecord<String, CloudEvent>> events = KafkaProbe.await(Topics.workspaceEvents(new TenantId(tenant)),
                new CloudEventDeserializer(), r -> idle.equals(r.key())
                        && r.value().getType().equals("io.aicockpit.workspace.stop-requested.v1"), 1,
                Duration.ofSeconds(30));
        JsonNode stop = JSON.readTree(events.get(0).value().getData().toBytes());
        assertThat(stop.get("reason").asText()).isEqualTo("IDLE");
        assertThat(stop.get("requestedBy").get("type").asText()).isEqualTo("SYSTEM");
        assertThat(types(idle)).containsSubsequence("WorkspaceIdleStopWarned", "WorkspaceStopRequested");

        // the busy one stays running for longer than a whole timeout after the idle one was stopped
        await().during(TIMEOUT.plusSeconds(1)).atMost(TIMEOUT.plusSeconds(5))
                .until(() -> count(busy, "WorkspaceStopRequested") == 0);
    }

    @Test
    void activityAfterTheWarningWithdrawsIt() throws Exception {
        String tenant = tenantWithIdleTimeout(Duration.ofSeconds(4));
        String id = runningWorkspace(tenant, "c-warned");
        await().atMost(Duration.ofSeconds(20)).until(() -> count(id, "WorkspaceIdleStopWarned") == 1);

        reportActivity(tenant, id);

        await().atMost(Duration.ofSeconds(20)).until(() -> count(id, "WorkspaceIdleStopCancelled") == 1);
        assertThat(types(id)).containsSubsequence("WorkspaceIdleStopWarned", "WorkspaceIdleStopCancelled");
        assertThat(types(id).indexOf("WorkspaceIdleStopCancelled"))
                .isLessThan(types(id).contains("WorkspaceStopRequested")
                        ? types(id).indexOf("WorkspaceStopRequested") : Integer.MAX_VALUE);
    }

    @Test
    void aTenantThatDisabledIdleStopKeepsItsWorkspacesRunning() throws Exception {
        String disabled = tenantWithIdleTimeout(null);
        String kept = runningWorkspace(disabled, "c-kept");
        // the twin: the same setup with a timeout is stopped, so the monitor did look at the disabled one meanwhile
        String enabled = tenantWithIdleTimeout(TIMEOUT);
        String stopped = runningWorkspace(enabled, "c-stopped");

        await().atMost(Duration.ofSeconds(30)).until(() -> count(stopped, "WorkspaceStopRequested") == 1);
        assertThat(count(kept, "WorkspaceIdleStopWarned")).isZero();
        assertThat(count(kept, "WorkspaceStopRequested")).isZero();
    }

    @Test
    void idleTimeoutIsSetByOperatorsAndOwnOrgAdminsAndReadByThem() {
        String tenant = uniqueTenant("idle");
        client.post().uri("/api/v1/tenants").headers(operator()).body(tenantBody(tenant, 3)).retrieve()
                .toBodilessEntity();
        assertThat(get(tenant, as(tenant, "admin", "ORG_ADMIN")).getBody().get("timeoutSeconds").asLong())
                .isEqualTo(1800);
        assertThat(put(tenant, as(tenant, "admin", "ORG_ADMIN"), Map.of("enabled", true, "timeoutSeconds", 600))
                .getStatusCode().value()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                get(tenant, operator()).getBody().get("timeoutSeconds").asLong() == 600);

        assertThat(put(tenant, as(tenant, "bob", "DEVELOPER"), Map.of("enabled", false)).getStatusCode().value())
                .isEqualTo(403);
        assertThat(put(tenant, as(uniqueTenant("other"), "eve", "ORG_ADMIN"), Map.of("enabled", false))
                .getStatusCode().value()).isEqualTo(404);
        assertThat(put(tenant, operator(), Map.of("enabled", true, "timeoutSeconds", 0)).getStatusCode().value())
                .isEqualTo(400);
        assertThat(put(tenant, operator(), Map.of("enabled", true)).getStatusCode().value()).isEqualTo(422);
    }

    private ResponseEntity<JsonNode> get(String tenant, java.util.function.Consumer<org.springframework.http.HttpHeaders> who) {
        return client.get().uri("/api/v1/tenants/" + tenant + "/idle-timeout").headers(who).retrieve()
                .toEntity(JsonNode.class);
    }

    private ResponseEntity<JsonNode> put(String tenant, java.util.function.Consumer<org.springframework.http.HttpHeaders> who,
                                         Map<String, Object> body) {
        return client.put().uri("/api/v1/tenants/" + tenant + "/idle-timeout").headers(who).body(body).retrieve()
                .toEntity(JsonNode.class);
    }

    /** A new tenant with the given idle timeout (null = disabled), applied by the monitor before this returns. */
    private String tenantWithIdleTimeout(Duration timeout) {
        String tenant = uniqueTenant("idle");
        client.post().uri("/api/v1/tenants").headers(operator()).body(tenantBody(tenant, 5)).retrieve()
                .toBodilessEntity();
        Map<String, Object> body = timeout == null ? Map.of("enabled", false)
                : Map.of("enabled", true, "timeoutSeconds", timeout.toSeconds());
        assertThat(put(tenant, operator(), body).getStatusCode().value()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM command.idle_tenant_timeout WHERE tenant_id = ?", Integer.class, tenant) == 1);
        return tenant;
    }

    private String runningWorkspace(String owner, String containerId) throws Exception {
        String id = client.post().uri("/api/v1/workspaces").headers(as(owner, "alice", "DEVELOPER"))
                .body(Map.of("name", "demo", "stackId", "busybox")).retrieve().body(JsonNode.class)
                .get("workspaceId").asText();
        JsonNode accepted = client.post().uri("/api/v1/workspaces/" + id + "/start")
                .headers(as(owner, "alice", "DEVELOPER")).retrieve().body(JsonNode.class);
        KafkaProbe.send(RESULTS_TOPIC, id, """
                {"actionId":"%s","type":"START","workspaceId":"%s","tenantId":"%s","outcome":"SUCCEEDED",
                 "nodeId":"node-idle","containerId":"%s","completedAt":"%s"}"""
                .formatted(accepted.get("actionId").asText(), id, owner, containerId + "-" + id, Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> count(id, "WorkspaceStarted") == 1);
        return id;
    }

    private static void reportActivity(String tenant, String workspaceId) {
        try {
            KafkaProbe.send(ACTIVITY_TOPIC, workspaceId, """
                    {"workspaceId":"%s","tenantId":"%s","nodeId":"node-idle","lastActivityAt":"%s","kinds":["CPU"]}"""
                    .formatted(workspaceId, tenant, Instant.now()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> types(String workspaceId) {
        return jdbc.queryForList("SELECT payloadtype FROM eventstore.domainevententry WHERE aggregateidentifier = ? "
                + "ORDER BY sequencenumber", String.class, workspaceId).stream()
                .map(t -> t.substring(t.lastIndexOf('.') + 1)).toList();
    }

    private int count(String workspaceId, String eventType) {
        Integer n = jdbc.queryForObject("SELECT count(*) FROM eventstore.domainevententry WHERE aggregateidentifier = ? "
                + "AND payloadtype LIKE ?", Integer.class, workspaceId, "%" + eventType);
        return n == null ? 0 : n;
    }
}
