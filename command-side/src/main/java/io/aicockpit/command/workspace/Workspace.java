package io.aicockpit.command.workspace;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.NodeId;
import io.aicockpit.coreapi.common.ResourceLimits;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.container.ContainerExited;
import io.aicockpit.coreapi.workspace.ActionId;
import io.aicockpit.coreapi.workspace.ConfirmContainerAction;
import io.aicockpit.coreapi.workspace.ContainerActionType;
import io.aicockpit.coreapi.workspace.DeleteWorkspace;
import io.aicockpit.coreapi.workspace.RenameWorkspace;
import io.aicockpit.coreapi.workspace.ReportContainerActionFailure;
import io.aicockpit.coreapi.workspace.ReportWorkspaceCrashed;
import io.aicockpit.coreapi.workspace.StopWorkspace;
import io.aicockpit.coreapi.workspace.CancelWorkspaceIdleStop;
import io.aicockpit.coreapi.workspace.StopIdleWorkspace;
import io.aicockpit.coreapi.workspace.StopReason;
import io.aicockpit.coreapi.workspace.WarnWorkspaceIdle;
import io.aicockpit.coreapi.workspace.WorkspaceIdleStopCancelled;
import io.aicockpit.coreapi.workspace.WorkspaceIdleStopWarned;
import io.aicockpit.coreapi.workspace.WorkspaceCrashed;
import io.aicockpit.coreapi.workspace.WorkspaceCreated;
import io.aicockpit.coreapi.workspace.WorkspaceDeleteRequested;
import io.aicockpit.coreapi.workspace.WorkspaceDeleted;
import io.aicockpit.coreapi.workspace.WorkspaceFailed;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import io.aicockpit.coreapi.workspace.MarkWorkspaceLost;
import io.aicockpit.coreapi.workspace.WorkspaceLost;
import io.aicockpit.coreapi.workspace.WorkspacePlaced;
import io.aicockpit.coreapi.workspace.WorkspaceRenamed;
import io.aicockpit.coreapi.workspace.WorkspaceStartRequested;
import io.aicockpit.coreapi.workspace.WorkspaceStarted;
import io.aicockpit.coreapi.workspace.WorkspaceStatus;
import io.aicockpit.coreapi.workspace.WorkspaceStopRequested;
import io.aicockpit.coreapi.workspace.WorkspaceStopped;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A workspace's lifecycle. At most one container action (start, stop, delete) is pending at a time; a worker's
 * result changes the state only if it answers the pending action, so late and redelivered results are harmless.
 * Create and start are decided with the tenant's quotas by {@link WorkspaceLifecycleHandler}.
 */
@Aggregate
public class Workspace {
    static final int MAX_NAME_LENGTH = 64;
    private static final Set<WorkspaceStatus> STARTABLE = EnumSet.of(WorkspaceStatus.STOPPED, WorkspaceStatus.FAILED,
            WorkspaceStatus.CRASHED, WorkspaceStatus.LOST);
    private static final Set<WorkspaceStatus> STOPPABLE = EnumSet.of(WorkspaceStatus.RUNNING,
            WorkspaceStatus.PROVISIONING, WorkspaceStatus.FAILED, WorkspaceStatus.CRASHED);
    private static final Set<WorkspaceStatus> DELETABLE = EnumSet.of(WorkspaceStatus.STOPPED,
            WorkspaceStatus.FAILED, WorkspaceStatus.RUNNING, WorkspaceStatus.CRASHED, WorkspaceStatus.LOST);
    /** What a lost node may still hold: a container action on its way or a container that may run. */
    private static final Set<WorkspaceStatus> LOSABLE = EnumSet.of(WorkspaceStatus.PROVISIONING,
            WorkspaceStatus.RUNNING, WorkspaceStatus.STOPPING, WorkspaceStatus.DELETING, WorkspaceStatus.FAILED);
    private static final int MAX_REASON_LENGTH = 2000;

    /** Command metadata key carrying the caller's platform roles (comma separated). */
    public static final String CALLER_ROLES = "callerRoles";
    private static final Set<String> TENANT_WIDE_ROLES = Set.of("ORG_ADMIN", "INTEGRATION");

    @AggregateIdentifier
    private WorkspaceId workspaceId;
    private TenantId tenantId;
    private String name;
    private String stackId;
    private String image;
    private ResourceLimits limits;
    private String ownerSubject;
    private WorkspaceStatus status;
    private ActionId pendingAction;
    private ContainerActionType pendingType;
    /** The container the workspace runs in, as the worker reported it on start. */
    private String containerId;
    /** When the current run was requested: a container exit before it belongs to an earlier run. */
    private Instant startRequestedAt;
    /** The idle time the pending idle warning is about; null without one. An idle stop must name the same. */
    private Instant idleWarningSince;
    /** The node the workspace was last placed on (or, before placement existed, started on): its volume is there. */
    private NodeId nodeId;

    protected Workspace() {
        // for Axon
    }

    Workspace(WorkspaceId workspaceId, TenantId tenantId, String name, String stackId, String image,
              ResourceLimits limits, Actor owner) {
        apply(new WorkspaceCreated(workspaceId, tenantId, validName(name), stackId, image, limits, owner));
    }

    static String validName(String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > MAX_NAME_LENGTH || n.chars().anyMatch(Character::isISOControl)) {
            throw new WorkspaceRuleViolation("workspace name must be 1-" + MAX_NAME_LENGTH
                    + " characters without control characters");
        }
        return n;
    }

    /** Called by {@link WorkspaceLifecycleHandler}, which reserves the tenant's running slot in the same unit of work. */
    void start(ActionId actionId, Actor requestedBy) {
        start(actionId, requestedBy, null, null);
    }

    /**
     * Starts the workspace on {@code node}, chosen by the placement in the same unit of work ({@code null}: placement
     * is off, and any node may take the action). {@code diskBytes} sizes a volume the node has to create.
     */
    void start(ActionId actionId, Actor requestedBy, NodeId node, Long diskBytes) {
        checkStartable();
        if (node != null) {
            apply(new WorkspacePlaced(workspaceId, tenantId, actionId, node, diskBytes));
        }
        apply(new WorkspaceStartRequested(workspaceId, tenantId, actionId, stackId, image, limits, requestedBy));
    }

    /** Refuses a start in a state that does not allow one, before any node is reserved for it. */
    void checkStartable() {
        if (status == WorkspaceStatus.RUNNING) {
            throw new WorkspaceStateConflict(workspaceId, status, "it is already running");
        }
        if (!STARTABLE.contains(status)) {
            throw new WorkspaceStateConflict(workspaceId, status, "another action is in progress");
        }
    }

    /** The node holding the workspace's volume (last placement or start), or null when it never ran. */
    NodeId nodeId() {
        return nodeId;
    }

    ResourceLimits limits() {
        return limits;
    }

    @CommandHandler
    void handle(StopWorkspace command, @MetaDataValue(CALLER_ROLES) String roles) {
        checkAccess(command.tenantId(), command.requestedBy(), roles);
        if (!STOPPABLE.contains(status)) {
            throw new WorkspaceStateConflict(workspaceId, status, "it is not running");
        }
        apply(new WorkspaceStopRequested(workspaceId, tenantId, command.actionId(), command.requestedBy()));
    }

    @CommandHandler
    void handle(DeleteWorkspace command, @MetaDataValue(CALLER_ROLES) String roles) {
        checkAccess(command.tenantId(), command.requestedBy(), roles);
        if (!DELETABLE.contains(status)) {
            throw new WorkspaceStateConflict(workspaceId, status, "another action is in progress");
        }
        if (status == WorkspaceStatus.LOST) {
            // nothing to ask of a node that is gone; if it comes back, its reconciler finds the container of a
            // deleted workspace and removes it with its volume (docs/workspaces.md, orphan containers)
            apply(new WorkspaceDeleted(workspaceId, tenantId, command.actionId(), nodeId));
            return;
        }
        apply(new WorkspaceDeleteRequested(workspaceId, tenantId, command.actionId(), command.requestedBy()));
    }

    @CommandHandler
    void handle(RenameWorkspace command, @MetaDataValue(CALLER_ROLES) String roles) {
        checkAccess(command.tenantId(), command.requestedBy(), roles);
        String newName = validName(command.name());
        if (status == WorkspaceStatus.DELETING) {
            throw new WorkspaceStateConflict(workspaceId, status, "it is being deleted");
        }
        if (!newName.equals(name)) {
            apply(new WorkspaceRenamed(workspaceId, tenantId, newName, command.requestedBy()));
        }
    }

    @CommandHandler
    void handle(ConfirmContainerAction command) {
        if (!answersPendingAction(command.tenantId(), command.actionId(), command.type())) {
            return;
        }
        switch (command.type()) {
            case START -> apply(new WorkspaceStarted(workspaceId, tenantId, command.actionId(), command.nodeId(),
                    command.containerId()));
            case STOP -> apply(new WorkspaceStopped(workspaceId, tenantId, command.actionId(), command.nodeId()));
            case DELETE -> apply(new WorkspaceDeleted(workspaceId, tenantId, command.actionId(), command.nodeId()));
        }
    }

    @CommandHandler
    void handle(ReportContainerActionFailure command) {
        if (!answersPendingAction(command.tenantId(), command.actionId(), command.type())) {
            return;
        }
        String reason = command.reason() == null || command.reason().isBlank() ? "unknown error" : command.reason();
        apply(new WorkspaceFailed(workspaceId, tenantId, command.actionId(), command.type(), command.nodeId(),
                truncated(reason)));
    }

    /**
     * A container that ended on its own. Only a RUNNING workspace crashes, and only in its own container: while
     * stopping or deleting the exit is the expected one, and a report about another container or about a run that
     * ended before the last start request is stale (nodes may report an exit more than once, late).
     */
    @CommandHandler
    void handle(ReportWorkspaceCrashed command) {
        if (!tenantId.equals(command.tenantId()) || status != WorkspaceStatus.RUNNING) {
            return;
        }
        if (command.containerId() == null || !command.containerId().equals(containerId)) {
            return;
        }
        if (command.finishedAt() != null && startRequestedAt != null
                && command.finishedAt().isBefore(startRequestedAt)) {
            return;
        }
        String reason = command.reason() == null || command.reason().isBlank()
                ? ContainerExited.describe(command.exitCode(), command.oomKilled(), null)
                : command.reason();
        apply(new WorkspaceCrashed(workspaceId, tenantId, command.nodeId(), command.containerId(),
                command.exitCode(), command.oomKilled(), truncated(reason)));
    }

    /**
     * The node the workspace is on stopped sending heartbeats. Only a workspace placed on that node, and with a
     * container action on its way there or a container that may run there, is lost; the running slot and the node's
     * room are released with the event (WorkspaceSlotRelease).
     */
    @CommandHandler
    void handle(MarkWorkspaceLost command) {
        if (!tenantId.equals(command.tenantId()) || !command.nodeId().equals(nodeId) || !LOSABLE.contains(status)) {
            return;
        }
        String reason = command.reason() == null || command.reason().isBlank()
                ? "node " + nodeId + " stopped sending heartbeats" : command.reason();
        apply(new WorkspaceLost(workspaceId, tenantId, nodeId, truncated(reason)));
    }

    /**
     * Announces an idle stop. Only a RUNNING workspace is warned, once per idle period: a repeat for the same
     * {@code idleSince} (another monitor instance, a retry) and a warning about an earlier run change nothing.
     */
    @CommandHandler
    void handle(WarnWorkspaceIdle command) {
        if (!tenantId.equals(command.tenantId()) || status != WorkspaceStatus.RUNNING
                || command.idleSince().equals(idleWarningSince)) {
            return;
        }
        if (startRequestedAt != null && command.idleSince().isBefore(startRequestedAt)) {
            return;
        }
        apply(new WorkspaceIdleStopWarned(workspaceId, tenantId, command.idleSince(), command.stopAt()));
    }

    /** Activity newer than the warning's idle time withdraws it; older or repeated reports change nothing. */
    @CommandHandler
    void handle(CancelWorkspaceIdleStop command) {
        if (!tenantId.equals(command.tenantId()) || status != WorkspaceStatus.RUNNING || idleWarningSince == null
                || !command.activityAt().isAfter(idleWarningSince)) {
            return;
        }
        apply(new WorkspaceIdleStopCancelled(workspaceId, tenantId, command.activityAt()));
    }

    /**
     * Stops an idle workspace through the ordinary stop (container action, slot release), naming the reason. Only
     * the warned idle period may end this way: after activity withdrew the warning, or with another
     * {@code idleSince}, the request is stale and ignored.
     */
    @CommandHandler
    void handle(StopIdleWorkspace command) {
        if (!tenantId.equals(command.tenantId()) || status != WorkspaceStatus.RUNNING || idleWarningSince == null
                || !idleWarningSince.equals(command.idleSince())) {
            return;
        }
        apply(new WorkspaceStopRequested(workspaceId, tenantId, command.actionId(), Actor.SYSTEM, StopReason.IDLE));
    }

    private static String truncated(String reason) {
        return reason.length() > MAX_REASON_LENGTH ? reason.substring(0, MAX_REASON_LENGTH) : reason;
    }

    private boolean answersPendingAction(TenantId tenant, ActionId actionId, ContainerActionType type) {
        return tenantId.equals(tenant) && actionId.equals(pendingAction) && type == pendingType;
    }

    /**
     * Another tenant's workspace, and for a developer a colleague's workspace, does not exist as far as the caller
     * can tell. Org admins and integrations act on every workspace of their tenant. {@code roles} is the caller's
     * comma-separated platform roles, sent as command metadata {@value #CALLER_ROLES}.
     */
    void checkAccess(TenantId tenant, Actor caller, String roles) {
        if (!tenantId.equals(tenant)) {
            throw new WorkspaceNotFound(workspaceId);
        }
        boolean tenantWide = roles != null && java.util.Arrays.stream(roles.split(","))
                .anyMatch(TENANT_WIDE_ROLES::contains);
        if (!tenantWide && (caller == null || !caller.subject().equals(ownerSubject))) {
            throw new WorkspaceNotFound(workspaceId);
        }
    }

    WorkspaceStatus status() {
        return status;
    }

    TenantId tenantId() {
        return tenantId;
    }

    @EventSourcingHandler
    void on(WorkspaceCreated event) {
        workspaceId = event.workspaceId();
        tenantId = event.tenantId();
        name = event.name();
        stackId = event.stackId();
        image = event.image();
        limits = event.limits();
        ownerSubject = event.owner() == null ? null : event.owner().subject();
        status = WorkspaceStatus.STOPPED;
    }

    @EventSourcingHandler
    void on(WorkspaceRenamed event) {
        name = event.name();
    }

    @EventSourcingHandler
    void on(WorkspaceIdleStopWarned event) {
        idleWarningSince = event.idleSince();
    }

    @EventSourcingHandler
    void on(WorkspaceIdleStopCancelled event) {
        idleWarningSince = null;
    }

    @EventSourcingHandler
    void on(WorkspaceStartRequested event, @Timestamp Instant at) {
        idleWarningSince = null;
        status = WorkspaceStatus.PROVISIONING;
        startRequestedAt = at;
        pending(event.actionId(), ContainerActionType.START);
    }

    @EventSourcingHandler
    void on(WorkspacePlaced event) {
        nodeId = event.nodeId();
    }

    @EventSourcingHandler
    void on(WorkspaceLost event) {
        idleWarningSince = null;
        status = WorkspaceStatus.LOST;
        pending(null, null);
    }

    @EventSourcingHandler
    void on(WorkspaceStarted event) {
        status = WorkspaceStatus.RUNNING;
        containerId = event.containerId();
        if (event.nodeId() != null) {
            nodeId = event.nodeId();
        }
        pending(null, null);
    }

    @EventSourcingHandler
    void on(WorkspaceStopRequested event) {
        idleWarningSince = null;
        status = WorkspaceStatus.STOPPING;
        pending(event.actionId(), ContainerActionType.STOP);
    }

    @EventSourcingHandler
    void on(WorkspaceStopped event) {
        status = WorkspaceStatus.STOPPED;
        pending(null, null);
    }

    @EventSourcingHandler
    void on(WorkspaceDeleteRequested event) {
        idleWarningSince = null;
        status = WorkspaceStatus.DELETING;
        pending(event.actionId(), ContainerActionType.DELETE);
    }

    @EventSourcingHandler
    void on(WorkspaceDeleted event) {
        status = WorkspaceStatus.DELETED;
        pending(null, null);
        markDeleted();
    }

    @EventSourcingHandler
    void on(WorkspaceFailed event) {
        status = WorkspaceStatus.FAILED;
        pending(null, null);
    }

    @EventSourcingHandler
    void on(WorkspaceCrashed event) {
        idleWarningSince = null;
        status = WorkspaceStatus.CRASHED;
    }

    private void pending(ActionId actionId, ContainerActionType type) {
        pendingAction = actionId;
        pendingType = type;
    }
}
