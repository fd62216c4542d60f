package io.aicockpit.coreapi.workspace;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.serialization.Revision;

/**
 * A stop was accepted; the container is stopping. {@code reason} says why: a caller asked ({@code REQUESTED}), or
 * the platform stopped an idle workspace ({@code IDLE}, {@code requestedBy} is the system). Revision 1 had no
 * reason; such events read as {@code REQUESTED}.
 */
@Revision("2")
public record WorkspaceStopRequested(WorkspaceId workspaceId, TenantId tenantId, ActionId actionId, Actor requestedBy,
                                     StopReason reason) implements WorkspaceEvent {
    public WorkspaceStopRequested {
        reason = reason == null ? StopReason.REQUESTED : reason;
    }

    public WorkspaceStopRequested(WorkspaceId workspaceId, TenantId tenantId, ActionId actionId, Actor requestedBy) {
        this(workspaceId, tenantId, actionId, requestedBy, StopReason.REQUESTED);
    }
}
