package io.aicockpit.coreapi.workspace;

import io.aicockpit.coreapi.common.NodeId;
import io.aicockpit.coreapi.common.TenantId;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A node saw the workspace in use. Sent on {@link io.aicockpit.coreapi.messaging.Topics#WORKSPACE_ACTIVITY} keyed by
 * workspace id, at most once per workspace per the node's publish interval (about 30 s), so {@code lastActivityAt}
 * may be up to that much older than the latest keystroke. Consumers keep the latest time they saw (it never moves
 * back); a redelivery or an out-of-order message changes nothing.
 *
 * @param lastActivityAt when the newest activity of {@code kinds} happened
 * @param kinds          what the node saw since its previous report
 */
public record WorkspaceActivity(WorkspaceId workspaceId, TenantId tenantId, NodeId nodeId, Instant lastActivityAt,
                                Set<WorkspaceActivityKind> kinds) {
    public WorkspaceActivity {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(lastActivityAt, "lastActivityAt");
        kinds = kinds == null ? Set.of() : Set.copyOf(kinds);
    }
}
