package io.aicockpit.query.tenant;

import io.aicockpit.query.tenancy.TenantScopedReads;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Reads a tenant's row of {@code tenant_view} with its current use, behind the row-level-security fence of
 * {@link TenantScopedReads} (an operator reading another tenant reads as that tenant).
 */
@Component
class TenantViewReader {
    private static final String SELECT = """
            SELECT t.*, u.running, u.nano_cpus AS used_nano_cpus, u.memory_bytes AS used_memory_bytes
            FROM tenant_view t
            CROSS JOIN LATERAL (
                SELECT count(*) AS running, coalesce(sum(w.nano_cpus), 0) AS nano_cpus,
                    coalesce(sum(w.memory_bytes), 0) AS memory_bytes
                FROM workspace_view w
                WHERE w.tenant_id = t.tenant_id AND w.status IN ('PROVISIONING', 'RUNNING')) u
            WHERE t.tenant_id = :tenantId""";

    private final TenantScopedReads reads;

    TenantViewReader(TenantScopedReads reads) {
        this.reads = reads;
    }

    Optional<TenantView> find(String tenantId) {
        return reads.asTenant(tenantId, jdbc -> jdbc.query(SELECT, Map.of("tenantId", tenantId), TenantViewReader::view)
                .stream().findFirst());
    }

    private static TenantView view(ResultSet rs, int row) throws SQLException {
        long idle = rs.getLong("idle_timeout_seconds");
        Long idleTimeout = rs.wasNull() ? null : idle;
        return new TenantView(rs.getString("tenant_id"), rs.getString("name"),
                new TenantView.Quotas(rs.getInt("max_running_workspaces"),
                        new TenantView.Limits(rs.getLong("default_memory_bytes"), rs.getLong("default_swap_bytes"),
                                rs.getLong("default_nano_cpus"), rs.getLong("default_pids")),
                        new TenantView.Limits(rs.getLong("max_memory_bytes"), rs.getLong("max_swap_bytes"),
                                rs.getLong("max_nano_cpus"), rs.getLong("max_pids"))),
                idleTimeout,
                new TenantView.Usage(rs.getLong("running"), rs.getLong("used_nano_cpus"),
                        rs.getLong("used_memory_bytes")),
                rs.getLong("last_sequence"),
                new TenantView.Placement(selector(rs.getString("node_selector")),
                        rs.getLong("disk_bytes_per_workspace")));
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private static Map<String, String> selector(String json) {
        try {
            return json == null ? Map.of() : JSON.readValue(json,
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() {});
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Map.of();
        }
    }
}
