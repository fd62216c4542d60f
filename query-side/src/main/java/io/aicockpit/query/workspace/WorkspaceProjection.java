package io.aicockpit.query.workspace;

import static io.aicockpit.coreapi.workspace.WorkspaceStatus.CRASHED;
import static io.aicockpit.coreapi.workspace.WorkspaceStatus.DELETED;
import static io.aicockpit.coreapi.workspace.WorkspaceStatus.DELETING;
import static io.aicockpit.coreapi.workspace.WorkspaceStatus.FAILED;
import static io.aicockpit.coreapi.workspace.WorkspaceStatus.LOST;
import static io.aicockpit.coreapi.workspace.WorkspaceStatus.PROVISIONING;
import static io.aicockpit.coreapi.workspace.WorkspaceStatus.RUNNING;
import static io.aicockpit.coreapi.workspace.WorkspaceStatus.STOPPED;
import static io.aicockpit.coreapi.workspace.WorkspaceStatus.STOPPING;

import io.aicockpit.coreapi.common.NodeId;
import io.aicockpit.coreapi.common.ResourceLimits;
import io.aicockpit.coreapi.workspace.WorkspaceCrashed;
import io.aicockpit.coreapi.workspace.WorkspaceCreated;
import io.aicockpit.coreapi.workspace.WorkspaceDeleteRequested;
import io.aicockpit.coreapi.workspace.WorkspaceDeleted;
import io.aicockpit.coreapi.workspace.WorkspaceEvent;
import io.aicockpit.coreapi.workspace.WorkspaceLost;
import io.aicockpit.coreapi.workspace.WorkspacePlaced;
import io.aicockpit.coreapi.workspace.WorkspaceFailed;
import io.aicockpit.coreapi.workspace.WorkspaceIdleStopCancelled;
import io.aicockpit.coreapi.workspace.WorkspaceIdleStopWarned;
import io.aicockpit.coreapi.workspace.WorkspaceRenamed;
import io.aicockpit.coreapi.workspace.WorkspaceStartRequested;
import io.aicockpit.coreapi.workspace.WorkspaceStarted;
import io.aicockpit.coreapi.workspace.WorkspaceStatus;
import io.aicockpit.coreapi.workspace.WorkspaceStopRequested;
import io.aicockpit.coreapi.workspace.WorkspaceStopped;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code workspace_view} in step with workspace events. Every write is guarded by the event's aggregate
 * sequence number: an event at or below the row's {@code last_sequence} changes nothing, so redeliveries and
 * late duplicates leave the row as it is. Runs in the tracking processor's transaction, together with its token.
 */
@Component
@ProcessingGroup(WorkspaceProjection.PROCESSING_GROUP)
class WorkspaceProjection {
    static final String PROCESSING_GROUP = "workspace-view";
    private static final Logger log = LoggerFactory.getLogger(WorkspaceProjection.class);

    private final NamedParameterJdbcTemplate jdbc;

    WorkspaceProjection(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(WorkspaceEvent event, @SequenceNumber long sequence, @Timestamp Instant timestamp) {
        switch (event) {
            case WorkspaceCreated created -> insert(created, sequence, timestamp);
            case WorkspaceRenamed renamed -> update(renamed, sequence, timestamp, new Changes()
                    .set("name", renamed.name()));
            case WorkspaceStartRequested requested -> update(requested, sequence, timestamp, new Changes()
                    .status(PROVISIONING)
                    .setUnlessNull("stack_id", requested.stackId())
                    .setUnlessNull("image", requested.image())
                    .limits(requested.limits())
                    .set("failure_reason", null)
                    .set("failed_action", null)
                    .set("stop_reason", null)
                    .set("idle_stop_at", null));
            case WorkspaceStarted started -> update(started, sequence, timestamp, new Changes()
                    .status(RUNNING)
                    .set("node_id", text(started.nodeId()))
                    .set("container_id", started.containerId()));
            case WorkspaceStopRequested stopRequested -> update(stopRequested, sequence, timestamp, new Changes()
                    .status(STOPPING)
                    .set("stop_reason", stopRequested.reason().name())
                    .set("idle_stop_at", null));
            case WorkspaceStopped stopped -> update(stopped, sequence, timestamp, new Changes()
                    .status(STOPPED));
            case WorkspaceDeleteRequested deleteRequested -> update(deleteRequested, sequence, timestamp,
                    new Changes().status(DELETING));
            case WorkspaceDeleted deleted -> update(deleted, sequence, timestamp, new Changes()
                    .status(DELETED)
                    .set("container_id", null));
            case WorkspaceFailed failed -> update(failed, sequence, timestamp, new Changes()
                    .status(FAILED)
                    .set("failure_reason", failed.reason())
                    .set("failed_action", failed.failedAction() == null ? null : failed.failedAction().name()));
            case WorkspaceCrashed crashed -> update(crashed, sequence, timestamp, new Changes()
                    .status(CRASHED)
                    .set("failure_reason", crashed.reason())
                    .set("failed_action", null)
                    .set("idle_stop_at", null));
            case WorkspaceIdleStopWarned warned -> update(warned, sequence, timestamp, new Changes()
                    .set("idle_stop_at", utc(warned.stopAt())));
            case WorkspaceIdleStopCancelled cancelled -> update(cancelled, sequence, timestamp, new Changes()
                    .set("idle_stop_at", null));
            // the node holds the workspace from now on (its actions, files and terminal go there)
            case WorkspacePlaced placed -> update(placed, sequence, timestamp, new Changes()
                    .set("node_id", text(placed.nodeId()))
                    .setUnlessNull("disk_quota_bytes", placed.diskBytes()));
            case WorkspaceLost lost -> update(lost, sequence, timestamp, new Changes()
                    .status(LOST)
                    .set("failure_reason", lost.reason())
                    .set("failed_action", null)
                    .set("idle_stop_at", null));
        }
    }

    /** A replay rebuilds the view from the first event; without this the sequence guard would skip every event. */
    @ResetHandler
    void reset() {
        jdbc.getJdbcOperations().update("DELETE FROM workspace_view");
    }

    private void insert(WorkspaceCreated created, long sequence, Instant timestamp) {
        ResourceLimits limits = created.limits();
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("tenantId", created.tenantId().value())
                .addValue("workspaceId", created.workspaceId().value())
                .addValue("name", created.name(), Types.VARCHAR)
                .addValue("stackId", created.stackId(), Types.VARCHAR)
                .addValue("image", created.image(), Types.VARCHAR)
                .addValue("status", STOPPED.name())
                .addValue("memoryBytes", limits == null ? null : limits.memoryBytes(), Types.BIGINT)
                .addValue("swapBytes", limits == null ? null : limits.swapBytes(), Types.BIGINT)
                .addValue("nanoCpus", limits == null ? null : limits.nanoCpus(), Types.BIGINT)
                .addValue("pids", limits == null ? null : limits.pids(), Types.BIGINT)
                .addValue("ownerSubject", created.owner() == null ? null : created.owner().subject(), Types.VARCHAR)
                .addValue("ownerName", created.owner() == null ? null : created.owner().name(), Types.VARCHAR)
                .addValue("at", utc(timestamp))
                .addValue("sequence", sequence);
        int inserted = jdbc.update("""
                INSERT INTO workspace_view (tenant_id, workspace_id, name, stack_id, image, status, memory_bytes,
                    swap_bytes, nano_cpus, pids, owner_subject, owner_name, created_at, updated_at, last_sequence)
                VALUES (:tenantId, :workspaceId, :name, :stackId, :image, :status, :memoryBytes,
                    :swapBytes, :nanoCpus, :pids, :ownerSubject, :ownerName, :at, :at, :sequence)
                ON CONFLICT (workspace_id) DO NOTHING""", params);
        if (inserted == 0) {
            explainSkipped(created, sequence);
        }
    }

    private void update(WorkspaceEvent event, long sequence, Instant timestamp, Changes changes) {
        MapSqlParameterSource params = changes.params
                .addValue("tenantId", event.tenantId().value())
                .addValue("workspaceId", event.workspaceId().value())
                .addValue("at", utc(timestamp))
                .addValue("sequence", sequence);
        int updated = jdbc.update("UPDATE workspace_view SET " + String.join(", ", changes.assignments)
                + ", updated_at = :at, last_sequence = :sequence"
                + " WHERE workspace_id = :workspaceId AND tenant_id = :tenantId AND last_sequence < :sequence",
                params);
        if (updated == 0) {
            explainSkipped(event, sequence);
        }
    }

    /** Only called when nothing was written, which for an in-order stream means a redelivery. */
    private void explainSkipped(WorkspaceEvent event, long sequence) {
        List<String> rowTenants = jdbc.queryForList(
                "SELECT tenant_id FROM workspace_view WHERE workspace_id = :workspaceId",
                new MapSqlParameterSource("workspaceId", event.workspaceId().value()), String.class);
        boolean redelivery = rowTenants.contains(event.tenantId().value());
        LoggingEventBuilder entry = redelivery ? log.atDebug() : log.atWarn();
        entry.addKeyValue("workspaceId", event.workspaceId())
                .addKeyValue("tenantId", event.tenantId())
                .addKeyValue("eventType", event.getClass().getSimpleName())
                .addKeyValue("sequence", sequence)
                .log(redelivery ? "ignored an event the view already reflects"
                        : rowTenants.isEmpty() ? "ignored an event for a workspace without a view row"
                        : "ignored an event whose tenant differs from the view row's");
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static @Nullable String text(@Nullable NodeId nodeId) {
        return nodeId == null ? null : nodeId.value();
    }

    /** The SET clause of one update; column names come only from this class, values are always bound. */
    private static final class Changes {
        private final List<String> assignments = new ArrayList<>();
        private final MapSqlParameterSource params = new MapSqlParameterSource();

        Changes status(WorkspaceStatus status) {
            return set("status", status.name());
        }

        Changes set(String column, @Nullable Object value) {
            if (value == null) {
                assignments.add(column + " = NULL");
            } else {
                assignments.add(column + " = :" + column);
                params.addValue(column, value);
            }
            return this;
        }

        Changes setUnlessNull(String column, @Nullable Object value) {
            return value == null ? this : set(column, value);
        }

        Changes limits(@Nullable ResourceLimits limits) {
            if (limits == null) {
                return this;
            }
            return set("memory_bytes", limits.memoryBytes())
                    .set("swap_bytes", limits.swapBytes())
                    .set("nano_cpus", limits.nanoCpus())
                    .set("pids", limits.pids());
        }
    }
}
