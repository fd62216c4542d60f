package io.aicockpit.command.node;

import io.aicockpit.coreapi.common.NodeId;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.workspace.MarkWorkspaceLost;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Marks nodes lost whose last heartbeat is older than {@code aicockpit.placement.node-timeout}, and every workspace
 * still holding room on a lost node LOST. The node rows are marked by one conditional UPDATE, so with several
 * command-side instances each loss is logged once; the workspaces are retried every sweep until no room is held on a
 * lost node (the aggregate ignores repeats).
 */
class NodeMonitor {
    private static final Logger log = LoggerFactory.getLogger(NodeMonitor.class);
    private final JdbcTemplate jdbc;
    private final CommandGateway commands;
    private final PlacementProperties properties;

    NodeMonitor(JdbcTemplate jdbc, CommandGateway commands, PlacementProperties properties) {
        this.jdbc = jdbc;
        this.commands = commands;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${aicockpit.placement.sweep-interval:2s}",
            initialDelayString = "${aicockpit.placement.sweep-interval:2s}")
    void sweep() {
        try {
            markLostNodes();
            loseWorkspacesOfLostNodes();
        } catch (RuntimeException e) {
            log.atWarn().setCause(e).log("lost-node sweep failed; the next one retries");
        }
    }

    void markLostNodes() {
        List<Map<String, Object>> lost = jdbc.queryForList("""
                UPDATE command.node SET lost_at = now()
                WHERE node_id IN (SELECT node_id FROM command.node
                                  WHERE lost_at IS NULL AND last_heartbeat_at < now() - make_interval(secs => ?)
                                  ORDER BY node_id FOR UPDATE)
                RETURNING node_id, last_heartbeat_at""", properties.nodeTimeout().toMillis() / 1000.0);
        for (Map<String, Object> row : lost) {
            log.atWarn().addKeyValue("nodeId", row.get("node_id"))
                    .addKeyValue("lastHeartbeatAt", ((Timestamp) row.get("last_heartbeat_at")).toInstant())
                    .addKeyValue("timeout", properties.nodeTimeout())
                    .log("node lost: no heartbeat within the timeout; its workspaces become LOST");
        }
    }

    void loseWorkspacesOfLostNodes() {
        List<Map<String, Object>> held = jdbc.queryForList("""
                SELECT s.workspace_id, s.tenant_id, s.node_id, n.last_heartbeat_at FROM command.node_slot s
                JOIN command.node n ON n.node_id = s.node_id WHERE n.lost_at IS NOT NULL""");
        for (Map<String, Object> row : held) {
            UUID workspace = (UUID) row.get("workspace_id");
            String node = (String) row.get("node_id");
            String reason = "node " + node + " lost: no heartbeat since "
                    + ((Timestamp) row.get("last_heartbeat_at")).toInstant() + "; the workspace's /workspace "
                    + "volume stays on that node";
            try {
                commands.sendAndWait(new MarkWorkspaceLost(new WorkspaceId(workspace),
                        new TenantId((String) row.get("tenant_id")), new NodeId(node), reason));
            } catch (AggregateNotFoundException e) {
                log.atDebug().log("room held by an unknown or deleted workspace");
            }
            // lost (its event released the room) or not using the node any more (the aggregate ignored it)
            jdbc.update("DELETE FROM command.node_slot WHERE workspace_id = ? AND node_id = ?", workspace, node);
        }
    }
}
