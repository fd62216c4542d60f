package io.aicockpit.coreapi.container;

import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.workspace.ActionId;
import io.aicockpit.coreapi.workspace.ContainerActionType;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Objects;

/**
 * One thing a worker node must do to a workspace's container, sent on {@link Topics#CONTAINER_ACTIONS} keyed by
 * workspace id. Running an action twice has the effect of running it once. {@code spec} is set for START only.
 */
public record ContainerAction(ActionId actionId, ContainerActionType type, WorkspaceId workspaceId,
                              TenantId tenantId, ContainerSpec spec, Instant requestedAt) {
    public ContainerAction {
        Objects.requireNonNull(actionId, "actionId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(tenantId, "tenantId");
        if (type == ContainerActionType.START) Objects.requireNonNull(spec, "spec is required for START");
    }
}
