package io.aicockpit.query.usage;

import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.query.tenancy.TenantScopedReads;
import io.aicockpit.query.usage.UsageReportController.UsageRow;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Sums a tenant's {@code usage_record} (AI requests) and {@code container_usage_record} (container time) per
 * grouping, behind the row-level-security fence of {@link TenantScopedReads}.
 */
@Component
class UsageReportReader {
    static final Set<String> GROUPINGS = Set.of("user", "model", "day", "workspace");
    /** The key of an AI request row per grouping; AI requests name no workspace. */
    private static final Map<String, String> AI_KEYS = Map.of(
            "user", "coalesce(user_subject, '')",
            "model", "coalesce(model, '')",
            "day", "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
            "workspace", "''");
    /**
     * The key of a container usage row per grouping: the owner recorded by the node, else the workspace's owner;
     * containers run no model, so they fall into the model-less row and every grouping adds up to the same totals.
     */
    private static final Map<String, String> CONTAINER_KEYS = Map.of(
            "user", "coalesce(c.owner_subject, w.owner_subject, '')",
            "model", "''",
            "day", "to_char(c.to_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
            "workspace", "c.workspace_id::text");

    private final TenantScopedReads reads;

    UsageReportReader(TenantScopedReads reads) {
        this.reads = reads;
    }

    /** One row per key of {@code group} with AI use or container time in {@code [from, to)}, by key. */
    List<UsageRow> rows(TenantId tenant, String group, Instant start, Instant end) {
        // both sides filter by tenant; a container window counts where it ends, an AI request where it happened
        return reads.asTenant(tenant.value(), jdbc -> jdbc.query("WITH ai AS (SELECT " + AI_KEYS.get(group) + " AS key, count(*) AS requests,"
                        + " coalesce(sum(prompt_tokens), 0) AS prompt, coalesce(sum(completion_tokens), 0) AS completion,"
                        + " count(*) FILTER (WHERE outcome IN ('FAILED', 'REFUSED')) AS failed"
                        + " FROM usage_record WHERE tenant_id = :tenantId AND at >= :from AND at < :to GROUP BY 1),"
                        + " ct AS (SELECT " + CONTAINER_KEYS.get(group) + " AS key, sum(c.cpu_seconds) AS cpu,"
                        + " sum(c.memory_gib_seconds) AS memory, sum(c.disk_gib_hours) AS disk"
                        + " FROM container_usage_record c LEFT JOIN workspace_view w"
                        + " ON w.tenant_id = c.tenant_id AND w.workspace_id = c.workspace_id"
                        + " WHERE c.tenant_id = :tenantId AND c.to_at >= :from AND c.to_at < :to GROUP BY 1)"
                        + " SELECT coalesce(ai.key, ct.key) AS key, coalesce(ai.requests, 0) AS requests,"
                        + " coalesce(ai.prompt, 0) AS prompt, coalesce(ai.completion, 0) AS completion,"
                        + " coalesce(ai.failed, 0) AS failed,"
                        + " round(coalesce(ct.cpu, 0)::numeric, 3) AS cpu,"
                        + " round(coalesce(ct.memory, 0)::numeric, 3) AS memory,"
                        + " round(coalesce(ct.disk, 0)::numeric, 6) AS disk"
                        + " FROM ai FULL OUTER JOIN ct ON ai.key = ct.key ORDER BY 1",
                Map.of("tenantId", tenant.value(), "from", Timestamp.from(start), "to", Timestamp.from(end)),
                (rs, i) -> new UsageRow(rs.getString("key"), rs.getLong("requests"), rs.getLong("prompt"),
                        rs.getLong("completion"), rs.getLong("failed"), rs.getBigDecimal("cpu"),
                        rs.getBigDecimal("memory"), rs.getBigDecimal("disk"))));
    }
}
