package io.aicockpit.command.workspace;

import io.aicockpit.coreapi.common.NodeId;
import io.aicockpit.coreapi.common.ResourceLimits;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses the node a starting workspace runs on and reserves room there, inside the start command's transaction (a
 * refused start rolls the reservation back). Implemented by {@code io.aicockpit.command.node.JdbcNodePlacement}; see
 * ADR 0005.
 */
public interface NodePlacement {
    /** Placement switched off ({@code aicockpit.placement.enabled=false}): no node is chosen, any node takes the action. */
    NodePlacement OFF = new NodePlacement() {
        @Override
        public Optional<NodeId> place(Request request) {
            return Optional.empty();
        }

        @Override
        public void release(WorkspaceId workspace) {
            // nothing reserved
        }
    };

    /**
     * The node for this start, with room reserved for the workspace's limits; empty when placement is off.
     *
     * @throws NoNodeAvailable when no live node matching the tenant's selector has room
     */
    Optional<NodeId> place(Request request);

    /** Frees the room the workspace holds on its node, if any (stop, crash, delete, failed start, lost node). */
    void release(WorkspaceId workspace);

    /**
     * @param volumeNode   the node holding the workspace's volume (its last placement), or null: while that node is
     *                     live, the workspace may only go there
     * @param nodeSelector labels the node must carry
     */
    record Request(WorkspaceId workspaceId, TenantId tenantId, ResourceLimits limits, Map<String, String> nodeSelector,
                   NodeId volumeNode) {}
}
