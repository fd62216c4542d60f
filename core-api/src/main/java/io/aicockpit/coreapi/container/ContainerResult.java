package io.aicockpit.coreapi.container;

import io.aicockpit.coreapi.common.NodeId;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.workspace.ActionId;
import io.aicockpit.coreapi.workspace.ContainerActionType;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Objects;

/**
 * What a worker node did with an action, sent on {@link Topics#CONTAINER_RESULTS} keyed by workspace id.
 * {@code containerId} is set when a container exists after the action; {@code error} when it failed.
 */
public record ContainerResult(ActionId actionId, ContainerActionType type, WorkspaceId workspaceId,
                              TenantId tenantId, ContainerActionOutcome outcome, NodeId nodeId,
                              String containerId, String error, Instant completedAt) {
    public ContainerResult {
        Objects.requireNonNull(actionId, "actionId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(nodeId, "nodeId");
    }

    public static ContainerResult succeeded(ContainerAction action, NodeId nodeId, String containerId, Instant at) {
        return new ContainerResult(action.actionId(), action.type(), action.workspaceId(), action.tenantId(),
                ContainerActionOutcome.SUCCEEDED, nodeId, containerId, null, at);
    }

    public static ContainerResult failed(ContainerAction action, NodeId nodeId, String error, Instant at) {
        return new ContainerResult(action.actionId(), action.type(), action.workspaceId(), action.tenantId(),
                ContainerActionOutcome.FAILED, nodeId, null, error, at);
    }
}
