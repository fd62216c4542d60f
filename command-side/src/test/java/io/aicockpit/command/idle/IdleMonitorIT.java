package io.aicockpit.command.idle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aicockpit.command.support.CommandSideIT;
import io.aicockpit.command.support.KafkaProbe;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The monitor's decisions with an injected clock, and its lease as two command-side instances would use it, on the
 * real database. Tenants here have a one-hour timeout, so the application's own monitor (real clock) never acts.
 */
class IdleMonitorIT extends CommandSideIT {
    private static final Duration HOUR = Duration.ofHours(1);

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;
    @Autowired
    CommandGateway commands;
    @Autowired
    IdleMonitorProperties properties;

    @Test
    void warnsAtTheLeadBeforeTheTimeoutThenStopsAtTheAnnouncedTimeNotBefore() throws Exception {
        String tenant = tenantWithHourTimeout();
        String id = runningWorkspace(tenant);
        Instant idleSince = runningSince(id);
        Duration lead = properties.warningLead(HOUR);
        UUID workspace = UUID.fromString(id);

        monitorAt(idleSince.plus(HOUR).minus(lead))
                .handle(new IdleMonitor.Due(workspace, tenant, idleSince, HOUR, null, null));
        assertThat(types(id)).endsWith("WorkspaceIdleStopWarned");
        Map<String, Object> row = jdbc.queryForMap("SELECT warned_idle_since, stop_at FROM command.idle_workspace "
                + "WHERE workspace_id = ?", workspace);
        assertThat(((Timestamp) row.get("stop_at")).toInstant()).isEqualTo(idleSince.plus(HOUR));

        IdleMonitor.Due warned = new IdleMonitor.Due(workspace, tenant, idleSince, HOUR, idleSince,
                idleSince.plus(HOUR));
        monitorAt(idleSince.plus(HOUR).minusMillis(1)).handle(warned);
        assertThat(types(id)).endsWith("WorkspaceIdleStopWarned");

        monitorAt(idleSince.plus(HOUR)).handle(warned);
        assertThat(types(id)).endsWith("WorkspaceIdleStopWarned", "WorkspaceStopRequested");
        String payload = jdbc.queryForObject("SELECT convert_from(payload, 'UTF8') FROM eventstore.domainevententry "
                + "WHERE aggregateidentifier = ? ORDER BY sequencenumber DESC LIMIT 1", String.class, id);
        assertThat(payload).contains("\"reason\":\"IDLE\"");
    }

    @Test
    void aWarningOvertakenByActivityIsWithdrawnByTheSweep() throws Exception {
        String tenant = tenantWithHourTimeout();
        String id = runningWorkspace(tenant);
        Instant idleSince = runningSince(id);
        UUID workspace = UUID.fromString(id);
        monitorAt(idleSince.plus(HOUR).minus(properties.warningLead(HOUR)))
                .handle(new IdleMonitor.Due(workspace, tenant, idleSince, HOUR, null, null));
        Instant activity = idleSince.plusSeconds(3000);

        // the listener saw this activity before the warning was recorded, so only the sweep can withdraw it
        monitorAt(activity.plusSeconds(1)).handle(new IdleMonitor.Due(workspace, tenant, activity, HOUR, idleSince,
                idleSince.plus(HOUR)));

        assertThat(types(id)).endsWith("WorkspaceIdleStopWarned", "WorkspaceIdleStopCancelled");
        assertThat(jdbc.queryForObject("SELECT warned_idle_since FROM command.idle_workspace WHERE workspace_id = ?",
                Timestamp.class, workspace)).isNull();
    }

    @Test
    void aWarningThatComesLateStillGivesTheFullLead() throws Exception {
        String tenant = tenantWithHourTimeout();
        String id = runningWorkspace(tenant);
        Instant idleSince = runningSince(id);
        Instant late = idleSince.plus(HOUR).plusSeconds(600);

        monitorAt(late).handle(new IdleMonitor.Due(UUID.fromString(id), tenant, idleSince, HOUR, null, null));

        Timestamp stopAt = jdbc.queryForObject("SELECT stop_at FROM command.idle_workspace WHERE workspace_id = ?",
                Timestamp.class, UUID.fromString(id));
        assertThat(stopAt.toInstant()).isEqualTo(late.plus(properties.warningLead(HOUR)));
    }

    @Test
    void twoInstancesNeverLeaseTheSameWorkspace() throws Exception {
        String tenant = tenantWithHourTimeout();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(runningWorkspace(tenant));
        }
        Instant due = runningSince(ids.getLast()).plus(HOUR);
        IdleMonitor first = monitorAt(due);
        IdleMonitor second = monitorAt(due);
        CyclicBarrier together = new CyclicBarrier(2);
        CompletableFuture<List<IdleMonitor.Due>> a = CompletableFuture.supplyAsync(() -> leaseAfter(together, first, due));
        CompletableFuture<List<IdleMonitor.Due>> b = CompletableFuture.supplyAsync(() -> leaseAfter(together, second, due));

        Set<String> byFirst = mine(a.get(), ids);
        Set<String> bySecond = mine(b.get(), ids);
        Set<String> both = new HashSet<>(byFirst);
        both.retainAll(bySecond);
        assertThat(both).isEmpty();
        Set<String> all = new HashSet<>(byFirst);
        all.addAll(bySecond);
        assertThat(all).containsExactlyInAnyOrderElementsOf(ids);
        // leased: a third instance gets none of them until the lease ends
        assertThat(mine(monitorAt(due).lease(due), ids)).isEmpty();
        assertThat(mine(monitorAt(due.plus(properties.lease()).plusSeconds(1))
                .lease(due.plus(properties.lease()).plusSeconds(1)), ids)).containsExactlyInAnyOrderElementsOf(ids);
    }

    private static List<IdleMonitor.Due> leaseAfter(CyclicBarrier barrier, IdleMonitor monitor, Instant now) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return monitor.lease(now);
    }

    private static Set<String> mine(List<IdleMonitor.Due> leased, List<String> ids) {
        Set<String> result = new HashSet<>();
        leased.stream().map(d -> d.workspaceId().toString()).filter(ids::contains).forEach(result::add);
        return result;
    }

    private IdleMonitor monitorAt(Instant now) {
        return new IdleMonitor(jdbc, commands, properties, Clock.fixed(now, ZoneOffset.UTC));
    }

    private String tenantWithHourTimeout() {
        String tenant = uniqueTenant("idlemon");
        client.post().uri("/api/v1/tenants").headers(operator()).body(tenantBody(tenant, 10)).retrieve()
                .toBodilessEntity();
        client.put().uri("/api/v1/tenants/" + tenant + "/idle-timeout").headers(operator())
                .body(Map.of("enabled", true, "timeoutSeconds", HOUR.toSeconds())).retrieve().toBodilessEntity();
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM command.idle_tenant_timeout WHERE tenant_id = ?", Integer.class, tenant) == 1);
        return tenant;
    }

    private Instant runningSince(String id) {
        return jdbc.queryForObject("SELECT running_since FROM command.idle_workspace WHERE workspace_id = ?",
                Timestamp.class, UUID.fromString(id)).toInstant();
    }

    private String runningWorkspace(String owner) throws Exception {
        String id = client.post().uri("/api/v1/workspaces").headers(as(owner, "alice", "DEVELOPER"))
                .body(Map.of("name", "demo", "stackId", "busybox")).retrieve().body(JsonNode.class)
                .get("workspaceId").asText();
        JsonNode accepted = client.post().uri("/api/v1/workspaces/" + id + "/start")
                .headers(as(owner, "alice", "DEVELOPER")).retrieve().body(JsonNode.class);
        KafkaProbe.send(RESULTS_TOPIC, id, """
                {"actionId":"%s","type":"START","workspaceId":"%s","tenantId":"%s","outcome":"SUCCEEDED",
                 "nodeId":"node-idle","containerId":"c-%s","completedAt":"%s"}"""
                .formatted(accepted.get("actionId").asText(), id, owner, id, Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM command.idle_workspace WHERE workspace_id = ?", Integer.class,
                UUID.fromString(id)) == 1);
        return id;
    }

    private List<String> types(String workspaceId) {
        return jdbc.queryForList("SELECT payloadtype FROM eventstore.domainevententry WHERE aggregateidentifier = ? "
                + "ORDER BY sequencenumber", String.class, workspaceId).stream()
                .map(t -> t.substring(t.lastIndexOf('.') + 1)).toList();
    }
}
