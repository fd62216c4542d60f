package io.aicockpit.command.idle;

import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.tenant.TenantIdleTimeout;
import io.aicockpit.coreapi.workspace.ActionId;
import io.aicockpit.coreapi.workspace.CancelWorkspaceIdleStop;
import io.aicockpit.coreapi.workspace.StopIdleWorkspace;
import io.aicockpit.coreapi.workspace.WarnWorkspaceIdle;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Warns, then stops, running workspaces nobody used for longer than their tenant's idle timeout. A workspace's idle
 * time starts at its last reported activity, or at its start when there was none. Due workspaces are leased with
 * {@code FOR UPDATE SKIP LOCKED}, so several command-side instances share the work without doing it twice; and
 * since the aggregate ignores a repeated warning and an idle stop that activity overtook, a lost lease is harmless.
 */
class IdleMonitor {
    private static final Logger log = LoggerFactory.getLogger(IdleMonitor.class);
    private static final int BATCH = 100;

    private final JdbcTemplate jdbc;
    private final CommandGateway commands;
    private final IdleMonitorProperties properties;
    private final Clock clock;

    IdleMonitor(JdbcTemplate jdbc, CommandGateway commands, IdleMonitorProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.commands = commands;
        this.properties = properties;
        this.clock = clock;
    }

    /** One due workspace as leased: its idle period and the warning it has, if any. */
    record Due(UUID workspaceId, String tenantId, Instant idleSince, Duration timeout, Instant warnedIdleSince,
               Instant stopAt) {}

    @Scheduled(fixedDelayString = "${aicockpit.command.idle.sweep-interval:10s}",
            initialDelayString = "${aicockpit.command.idle.sweep-interval:10s}")
    void sweep() {
        try {
            List<Due> due = lease(clock.instant());
            for (Due workspace : due) {
                handle(workspace);
            }
        } catch (RuntimeException e) {
            log.atWarn().setCause(e).log("idle sweep failed; retried at the next one");
        }
    }

    /**
     * Leases the running workspaces whose warning is due (idle for their timeout minus the warning lead) or whose
     * warning activity overtook, except those leased by another instance and those of tenants that disabled idle
     * auto-stop.
     */
    List<Due> lease(Instant now) {
        long defaultMs = TenantIdleTimeout.DEFAULT.toMillis();
        return jdbc.query("""
                WITH candidate AS (
                    SELECT w.workspace_id, w.tenant_id, w.warned_idle_since, w.stop_at,
                           greatest(w.running_since, a.last_activity_at) AS idle_since,
                           coalesce(t.timeout_ms, ?) AS timeout_ms
                    FROM command.idle_workspace w
                    LEFT JOIN command.idle_activity a ON a.workspace_id = w.workspace_id
                    LEFT JOIN command.idle_tenant_timeout t ON t.tenant_id = w.tenant_id
                    WHERE (t.tenant_id IS NULL OR t.timeout_ms IS NOT NULL)
                      AND (w.lease_until IS NULL OR w.lease_until < ?)
                ), due AS (
                    SELECT c.* FROM candidate c
                    WHERE c.idle_since + (c.timeout_ms - least(?, c.timeout_ms * ?)) * interval '1 millisecond' <= ?
                       OR c.warned_idle_since < c.idle_since
                    LIMIT ?
                ), locked AS (
                    SELECT w.workspace_id FROM command.idle_workspace w JOIN due d USING (workspace_id)
                    FOR UPDATE OF w SKIP LOCKED
                )
                UPDATE command.idle_workspace w SET lease_until = ?
                FROM due d JOIN locked l USING (workspace_id)
                WHERE w.workspace_id = d.workspace_id
                RETURNING d.workspace_id, d.tenant_id, d.idle_since, d.timeout_ms, d.warned_idle_since, d.stop_at""",
                (rs, i) -> new Due(rs.getObject("workspace_id", UUID.class), rs.getString("tenant_id"),
                        rs.getTimestamp("idle_since").toInstant(), Duration.ofMillis(rs.getLong("timeout_ms")),
                        instant(rs.getTimestamp("warned_idle_since")), instant(rs.getTimestamp("stop_at"))),
                defaultMs, Timestamp.from(now), properties.warnBefore().toMillis(), properties.warnFraction(),
                Timestamp.from(now), BATCH, Timestamp.from(now.plus(properties.lease())));
    }

    void handle(Due due) {
        WorkspaceId workspaceId = new WorkspaceId(due.workspaceId());
        TenantId tenantId = new TenantId(due.tenantId());
        Instant now = clock.instant();
        try {
            if (due.warnedIdleSince() != null && due.warnedIdleSince().isBefore(due.idleSince())) {
                // activity the listener saw before this instance recorded its warning: withdraw it here
                commands.sendAndWait(new CancelWorkspaceIdleStop(workspaceId, tenantId, due.idleSince()));
                jdbc.update("UPDATE command.idle_workspace SET warned_idle_since = NULL, stop_at = NULL, "
                        + "lease_until = NULL WHERE workspace_id = ?", due.workspaceId());
            } else if (!due.idleSince().equals(due.warnedIdleSince())) {
                Instant stopAt = latest(due.idleSince().plus(due.timeout()),
                        now.plus(properties.warningLead(due.timeout())));
                commands.sendAndWait(new WarnWorkspaceIdle(workspaceId, tenantId, due.idleSince(), stopAt));
                jdbc.update("UPDATE command.idle_workspace SET warned_idle_since = ?, stop_at = ?, lease_until = NULL "
                                + "WHERE workspace_id = ?", Timestamp.from(due.idleSince()), Timestamp.from(stopAt),
                        due.workspaceId());
                log.atInfo().addKeyValue("tenantId", tenantId).addKeyValue("workspaceId", workspaceId)
                        .addKeyValue("idleSince", due.idleSince()).addKeyValue("stopAt", stopAt)
                        .log("idle workspace warned");
            } else if (!now.isBefore(due.stopAt())) {
                // the lease stays: the tracker deletes the row once the stop is stored
                commands.sendAndWait(new StopIdleWorkspace(workspaceId, tenantId, ActionId.random(),
                        due.idleSince()));
                log.atInfo().addKeyValue("tenantId", tenantId).addKeyValue("workspaceId", workspaceId)
                        .addKeyValue("idleSince", due.idleSince()).log("idle workspace stop requested");
            } else {
                release(due.workspaceId());
            }
        } catch (AggregateNotFoundException e) {
            jdbc.update("DELETE FROM command.idle_workspace WHERE workspace_id = ?", due.workspaceId());
        } catch (RuntimeException e) {
            release(due.workspaceId());
            log.atWarn().addKeyValue("tenantId", tenantId).addKeyValue("workspaceId", workspaceId)
                    .setCause(e).log("idle warning or stop failed; retried at the next sweep");
        }
    }

    private void release(UUID workspaceId) {
        jdbc.update("UPDATE command.idle_workspace SET lease_until = NULL WHERE workspace_id = ?", workspaceId);
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
