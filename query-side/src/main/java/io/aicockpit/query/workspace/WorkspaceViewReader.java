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
    /** The view's columns and its disk measurement, joined once per query rather than looked up per row. */
    private static final String COLUMNS = """
            v.tenant_id, v.workspace_id, v.name, v.stack_id, v.image, v.status, v.failure_reason, v.failed_action,
            v.memory_bytes, v.swap_bytes, v.nano_cpus, v.pids, v.owner_subject, v.owner_name, v.node_id,
            v.container_id, v.created_at, v.updated_at, v.last_sequence, v.last_activity_at, v.idle_stop_at,
            v.stop_reason, v.disk_quota_bytes, d.limit_bytes AS disk_limit_bytes, d.used_bytes AS disk_used_bytes,
            d.measured_at AS disk_measured_at""";
    private static final String FROM = " FROM workspace_view v LEFT JOIN workspace_disk d"
            + " ON d.workspace_id = v.workspace_id AND d.tenant_id = v.tenant_id";
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
                "SELECT " + COLUMNS + FROM + " WHERE v.tenant_id = :tenantId AND v.workspace_id = :workspaceId"
                        + (owner == null ? "" : " AND v.owner_subject = :owner"),
                params, ROW_MAPPER).stream().findFirst());
    }

    WorkspacePage list(TenantId tenant, @Nullable String owner, @Nullable WorkspaceStatus status,
                       @Nullable WorkspaceCursor after, int limit) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("tenantId", tenant.value())
                .addValue("fetch", limit + 1);
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(FROM)
                .append(" WHERE v.tenant_id = :tenantId");
        if (owner != null) {
            sql.append(" AND v.owner_subject = :owner");
            params.addValue("owner", owner);
        }
        if (status == null) {
            sql.append(" AND v.status <> 'DELETED'");
        } else {
            sql.append(" AND v.status = :status");
            params.addValue("status", status.name());
        }
        if (after != null) {
            sql.append(" AND (v.created_at, v.workspace_id) < (:afterCreatedAt, :afterWorkspaceId)");
            params.addValue("afterCreatedAt", after.createdAt().atOffset(ZoneOffset.UTC))
                    .addValue("afterWorkspaceId", after.workspaceId());
        }
        sql.append(" ORDER BY v.created_at DESC, v.workspace_id DESC LIMIT :fetch");

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
        String sql = "SELECT " + COLUMNS + ", v.change_seq" + FROM
                + " WHERE v.tenant_id = :tenantId AND v.change_seq > :cursor"
                + (owner == null ? "" : " AND v.owner_subject = :owner")
                + (includeDeleted ? "" : " AND v.status <> 'DELETED'")
                + " ORDER BY v.change_seq LIMIT :limit";
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
