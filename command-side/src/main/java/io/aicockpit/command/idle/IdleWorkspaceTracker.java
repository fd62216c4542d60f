package io.aicockpit.command.idle;

import io.aicockpit.coreapi.tenant.TenantIdleTimeoutChanged;
import io.aicockpit.coreapi.workspace.WorkspaceCrashed;
import io.aicockpit.coreapi.workspace.WorkspaceDeleteRequested;
import io.aicockpit.coreapi.workspace.WorkspaceDeleted;
import io.aicockpit.coreapi.workspace.WorkspaceFailed;
import io.aicockpit.coreapi.workspace.WorkspaceStarted;
import io.aicockpit.coreapi.workspace.WorkspaceStopRequested;
import io.aicockpit.coreapi.workspace.WorkspaceStopped;
import java.sql.Timestamp;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code idle_workspace} (which workspaces run, since when) and {@code idle_tenant_timeout} in step with the
 * event store. A tracking processor: its token is in PostgreSQL, so after a restart it continues, and with several
 * instances one of them owns it. Every write is an upsert or a delete, so a redelivery changes nothing.
 */
@Component
@ProcessingGroup("workspace-idle")
class IdleWorkspaceTracker {
    private final JdbcTemplate jdbc;

    IdleWorkspaceTracker(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A new run: its idle time starts at the confirmed start, and any earlier warning is forgotten. */
    @EventHandler
    void on(WorkspaceStarted event, @org.axonframework.eventhandling.Timestamp Instant at) {
        jdbc.update("""
                INSERT INTO command.idle_workspace (tenant_id, workspace_id, running_since) VALUES (?, ?, ?)
                ON CONFLICT (workspace_id) DO UPDATE SET running_since = EXCLUDED.running_since,
                    warned_idle_since = NULL, stop_at = NULL, lease_until = NULL""",
                event.tenantId().value(), event.workspaceId().value(), Timestamp.from(at));
    }

    @EventHandler
    void on(WorkspaceStopRequested event) {
        notRunning(event.workspaceId().value());
    }

    @EventHandler
    void on(WorkspaceStopped event) {
        notRunning(event.workspaceId().value());
    }

    @EventHandler
    void on(WorkspaceCrashed event) {
        notRunning(event.workspaceId().value());
    }

    @EventHandler
    void on(WorkspaceFailed event) {
        notRunning(event.workspaceId().value());
    }

    /** Its node is gone: nothing runs that could be stopped as idle. */
    @EventHandler
    void on(io.aicockpit.coreapi.workspace.WorkspaceLost event) {
        notRunning(event.workspaceId().value());
    }

    @EventHandler
    void on(WorkspaceDeleteRequested event) {
        notRunning(event.workspaceId().value());
    }

    @EventHandler
    void on(WorkspaceDeleted event) {
        notRunning(event.workspaceId().value());
        jdbc.update("DELETE FROM command.idle_activity WHERE workspace_id = ?", event.workspaceId().value());
    }

    @EventHandler
    void on(TenantIdleTimeoutChanged event) {
        jdbc.update("""
                INSERT INTO command.idle_tenant_timeout (tenant_id, timeout_ms) VALUES (?, ?)
                ON CONFLICT (tenant_id) DO UPDATE SET timeout_ms = EXCLUDED.timeout_ms""",
                event.tenantId().value(), event.idleTimeout() == null ? null : event.idleTimeout().toMillis());
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM command.idle_workspace");
        jdbc.update("DELETE FROM command.idle_tenant_timeout");
    }

    private void notRunning(java.util.UUID workspaceId) {
        jdbc.update("DELETE FROM command.idle_workspace WHERE workspace_id = ?", workspaceId);
    }
}
