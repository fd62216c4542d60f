package io.aicockpit.query.workspace;

import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.workspace.ContainerActionType;
import io.aicockpit.coreapi.workspace.StopReason;
import io.aicockpit.coreapi.workspace.WorkspaceStatus;
import io.aicockpit.query.tenancy.TenantScopedReads;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

/** Reads {@code workspace_view} for one tenant, behind the row-level-security fence of {@link TenantScopedReads}. */
@Component
class WorkspaceViewReader {
    private static final String COLUMNS = """
            tenant_id, workspace_id, name, stack_id, image, status, failure_reason, failed_action, memory_bytes,
            swap_bytes, nano_cpus, pids, owner_subject, owner_name, node_id, container_id, created_at, updated_at,
            last_sequence, last_activity_at, idle_stop_at, stop_reason, disk_quota_bytes,
            (SELECT d.limit_bytes FROM workspace_disk d WHERE d.workspace_id = workspace_view.workspace_id
                AND d.tenant_id = workspace_view.tenant_id) AS disk_limit_bytes,
            (SELECT d.used_bytes FROM workspace_disk d WHERE d.workspace_id = workspace_view.workspace_id
                AND d.tenant_id = workspace_view.tenant_id) AS disk_used_bytes,
            (SELECT d.measured_at FROM workspace_disk d WHERE d.workspace_id = workspace_view.workspace_id
                AND d.tenant_id = workspace_view.tenant_id) AS disk_measured_at""";
    private static final RowMapper<WorkspaceView> ROW_MAPPER = WorkspaceViewReader::map;

    private final TenantScopedReads reads;

    WorkspaceViewReader(TenantScopedReads reads) {
        this.reads = reads;
    }

    /** {@code owner} non-null limits the answer to that owner's workspaces (a developer sees only their own). */
    Optional<WorkspaceView> find(TenantId tenant, @Nullable String owner, UUID workspaceId) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("tenantId", tenant.value())
                .addValue("workspaceId", workspaceId)
                .addValue("owner", owner);
        return asTenant(tenant, jdbc -> jdbc.query(
                "SELECT " + COLUMNS + " FROM workspace_view WHERE tenant_id = :tenantId AND workspace_id = :workspaceId"
                        + (owner == null ? "" : " AND owner_subject = :owner"),
                params, ROW_MAPPER).stream().findFirst());
    }

    WorkspacePage list(TenantId tenant, @Nullable String owner, @Nullable WorkspaceStatus status,
                       @Nullable WorkspaceCursor after, int limit) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("tenantId", tenant.value())
                .addValue("fetch", limit + 1);
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS)
                .append(" FROM workspace_view WHERE tenant_id = :tenantId");
        if (owner != null) {
            sql.append(" AND owner_subject = :owner");
            params.addValue("owner", owner);
        }
        if (status == null) {
            sql.append(" AND status <> 'DELETED'");
        } else {
            sql.append(" AND status = :status");
            params.addValue("status", status.name());
        }
        if (after != null) {
            sql.append(" AND (created_at, workspace_id) < (:afterCreatedAt, :afterWorkspaceId)");
            params.addValue("afterCreatedAt", after.createdAt().atOffset(ZoneOffset.UTC))
                    .addValue("afterWorkspaceId", after.workspaceId());
        }
        sql.append(" ORDER BY created_at DESC, workspace_id DESC LIMIT :fetch");

        List<WorkspaceView> rows = asTenant(tenant, jdbc -> jdbc.query(sql.toString(), params, ROW_MAPPER));
        if (rows.size() <= limit) {
            return new WorkspacePage(rows, null);
        }
        List<WorkspaceView> page = List.copyOf(rows.subList(0, limit));
        return new WorkspacePage(page, WorkspaceCursor.after(page.getLast()).encode());
    }

    /** One row of the status stream: the view and the position of its last change. */
    record Change(long changeSeq, WorkspaceView view) {}

    /**
     * The caller-visible rows changed after {@code cursor}, oldest change first, at most {@code limit}.
     * {@code includeDeleted} false leaves deleted workspaces out (a fresh stream's first look).
     */
    List<Change> changedSince(TenantId tenant, @Nullable String owner, long cursor, boolean includeDeleted,
                              int limit) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("tenantId", tenant.value())
                .addValue("cursor", cursor)
                .addValue("owner", owner)
                .addValue("limit", limit);
        String sql = "SELECT " + COLUMNS + ", change_seq FROM workspace_view"
                + " WHERE tenant_id = :tenantId AND change_seq > :cursor"
                + (owner == null ? "" : " AND owner_subject = :owner")
                + (includeDeleted ? "" : " AND status <> 'DELETED'")
                + " ORDER BY change_seq LIMIT :limit";
        return asTenant(tenant, jdbc -> jdbc.query(sql, params,
                (row, rowNumber) -> new Change(row.getLong("change_seq"), map(row, rowNumber))));
    }

    private <T> T asTenant(TenantId tenant, Function<NamedParameterJdbcTemplate, T> query) {
        return reads.asTenant(tenant.value(), query);
    }

    private static WorkspaceView map(ResultSet row, int rowNumber) throws SQLException {
        Long memoryBytes = row.getObject("memory_bytes", Long.class);
        WorkspaceView.Limits limits = memoryBytes == null ? null : new WorkspaceView.Limits(memoryBytes,
                row.getLong("swap_bytes"), row.getLong("nano_cpus"), row.getLong("pids"));
        String ownerSubject = row.getString("owner_subject");
        WorkspaceView.Owner owner = ownerSubject == null ? null
                : new WorkspaceView.Owner(ownerSubject, row.getString("owner_name"));
        String failedAction = row.getString("failed_action");
        return new WorkspaceView(
                row.getObject("workspace_id", UUID.class),
                row.getString("tenant_id"),
                row.getString("name"),
                row.getString("stack_id"),
                row.getString("image"),
                WorkspaceStatus.valueOf(row.getString("status")),
                row.getString("failure_reason"),
                failedAction == null ? null : ContainerActionType.valueOf(failedAction),
                limits,
                owner,
                row.getString("node_id"),
                row.getString("container_id"),
                instant(row, "created_at"),
                instant(row, "updated_at"),
                row.getLong("last_sequence"),
                nullableInstant(row, "last_activity_at"),
                nullableInstant(row, "idle_stop_at"),
                row.getString("stop_reason") == null ? null : StopReason.valueOf(row.getString("stop_reason")),
                row.getString("node_id"),
                disk(row));
    }

    private static WorkspaceView.Disk disk(ResultSet row) throws SQLException {
        Long quota = row.getObject("disk_quota_bytes", Long.class);
        Long limit = row.getObject("disk_limit_bytes", Long.class);
        Long used = row.getObject("disk_used_bytes", Long.class);
        Instant measured = nullableInstant(row, "disk_measured_at");
        return quota == null && limit == null && used == null ? null
                : new WorkspaceView.Disk(quota, limit, used, measured);
    }

    private static Instant nullableInstant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant();
    }
}
