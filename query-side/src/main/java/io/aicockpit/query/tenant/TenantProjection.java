package io.aicockpit.query.tenant;

import io.aicockpit.coreapi.common.ResourceLimits;
import io.aicockpit.coreapi.tenant.TenantCreated;
import io.aicockpit.coreapi.tenant.TenantEvent;
import io.aicockpit.coreapi.tenant.TenantIdleTimeout;
import io.aicockpit.coreapi.tenant.TenantIdleTimeoutChanged;
import io.aicockpit.coreapi.tenant.TenantPlacementChanged;
import io.aicockpit.coreapi.tenant.TenantQuotas;
import io.aicockpit.coreapi.tenant.TenantQuotasChanged;
import java.sql.Types;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code tenant_view} in step with the Tenant aggregate. Every write is guarded by the aggregate's sequence,
 * so redelivered events change nothing.
 */
@Component
@ProcessingGroup(TenantProjection.PROCESSING_GROUP)
class TenantProjection {
    static final String PROCESSING_GROUP = "tenant-view";

    private final NamedParameterJdbcTemplate jdbc;

    TenantProjection(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(TenantEvent event, @SequenceNumber long sequence, @Timestamp Instant timestamp) {
        MapSqlParameterSource p = new MapSqlParameterSource()
                .addValue("tenantId", event.tenantId().value())
                .addValue("sequence", sequence)
                .addValue("at", java.sql.Timestamp.from(timestamp));
        switch (event) {
            case TenantCreated created -> {
                quotas(p, created.quotas());
                p.addValue("name", created.name())
                        .addValue("idle", TenantIdleTimeout.DEFAULT.toSeconds());
                jdbc.update("""
                        INSERT INTO tenant_view (tenant_id, name, max_running_workspaces, default_memory_bytes,
                            default_swap_bytes, default_nano_cpus, default_pids, max_memory_bytes, max_swap_bytes,
                            max_nano_cpus, max_pids, idle_timeout_seconds, created_at, updated_at, last_sequence)
                        VALUES (:tenantId, :name, :maxRunning, :dMem, :dSwap, :dCpus, :dPids, :mMem, :mSwap,
                            :mCpus, :mPids, :idle, :at, :at, :sequence)
                        ON CONFLICT (tenant_id) DO NOTHING""", p);
            }
            case TenantQuotasChanged changed -> {
                quotas(p, changed.quotas());
                update(p, """
                        max_running_workspaces = :maxRunning, default_memory_bytes = :dMem,
                        default_swap_bytes = :dSwap, default_nano_cpus = :dCpus, default_pids = :dPids,
                        max_memory_bytes = :mMem, max_swap_bytes = :mSwap, max_nano_cpus = :mCpus,
                        max_pids = :mPids""");
            }
            case TenantIdleTimeoutChanged changed -> {
                p.addValue("idle", changed.idleTimeout() == null ? null : changed.idleTimeout().toSeconds(),
                        Types.BIGINT);
                update(p, "idle_timeout_seconds = :idle");
            }
            case TenantPlacementChanged changed -> {
                String selector;
                try {
                    selector = new com.fasterxml.jackson.databind.ObjectMapper()
                            .writeValueAsString(changed.nodeSelector());
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
                p.addValue("selector", selector).addValue("disk", changed.diskBytesPerWorkspace());
                update(p, "node_selector = CAST(:selector AS jsonb), disk_bytes_per_workspace = :disk");
            }
        }
    }

    /** A replay rebuilds the view from the first event; without this the sequence guard would skip every event. */
    @ResetHandler
    void reset() {
        jdbc.getJdbcOperations().update("DELETE FROM tenant_view");
    }

    private static void quotas(MapSqlParameterSource p, TenantQuotas q) {
        ResourceLimits d = q.defaultLimits();
        ResourceLimits m = q.maxLimits();
        p.addValue("maxRunning", q.maxRunningWorkspaces())
                .addValue("dMem", d.memoryBytes()).addValue("dSwap", d.swapBytes())
                .addValue("dCpus", d.nanoCpus()).addValue("dPids", d.pids())
                .addValue("mMem", m.memoryBytes()).addValue("mSwap", m.swapBytes())
                .addValue("mCpus", m.nanoCpus()).addValue("mPids", m.pids());
    }

    private void update(MapSqlParameterSource p, String assignments) {
        jdbc.update("UPDATE tenant_view SET " + assignments + ", updated_at = :at, last_sequence = :sequence"
                + " WHERE tenant_id = :tenantId AND last_sequence < :sequence", p);
    }
}
