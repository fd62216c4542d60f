package io.aicockpit.command.workspace;

import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Slots kept in command-side's own tables inside the command's transaction. The tenant's counter row serialises
 * concurrent reservations, on one instance or many; the transaction's rollback undoes a refused reservation.
 */
@Component
class JdbcWorkspaceSlots implements WorkspaceSlots {
    private final JdbcTemplate jdbc;

    JdbcWorkspaceSlots(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void reserve(TenantId tenant, WorkspaceId workspace, int maxRunning) {
        int inserted = jdbc.update("INSERT INTO command.workspace_slot (tenant_id, workspace_id) VALUES (?, ?) "
                + "ON CONFLICT (workspace_id) DO NOTHING", tenant.value(), workspace.value());
        if (inserted == 0) {
            return;
        }
        if (maxRunning <= 0) {
            throw new TenantQuotaExceeded(tenant, maxRunning);
        }
        Integer running = jdbc.query("INSERT INTO command.tenant_slot_counter (tenant_id, running) VALUES (?, 1) "
                        + "ON CONFLICT (tenant_id) DO UPDATE SET running = command.tenant_slot_counter.running + 1 "
                        + "WHERE command.tenant_slot_counter.running < ? RETURNING running",
                rs -> rs.next() ? rs.getInt(1) : null, tenant.value(), maxRunning);
        if (running == null) {
            throw new TenantQuotaExceeded(tenant, maxRunning);
        }
    }

    @Override
    public void release(TenantId tenant, WorkspaceId workspace) {
        int deleted = jdbc.update("DELETE FROM command.workspace_slot WHERE workspace_id = ? AND tenant_id = ?",
                workspace.value(), tenant.value());
        if (deleted == 1) {
            jdbc.update("UPDATE command.tenant_slot_counter SET running = running - 1 WHERE tenant_id = ?",
                    tenant.value());
        }
    }

    @Override
    public int running(TenantId tenant) {
        Integer n = jdbc.query("SELECT running FROM command.tenant_slot_counter WHERE tenant_id = ?",
                rs -> rs.next() ? rs.getInt(1) : 0, tenant.value());
        return n == null ? 0 : n;
    }
}
