package io.aicockpit.command.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aicockpit.command.workspace.NoNodeAvailable;
import io.aicockpit.command.workspace.NodePlacement;
import io.aicockpit.coreapi.common.NodeId;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Placement in command-side's own tables, inside the start command's transaction (ADR 0005). The live nodes the
 * tenant may use are locked ({@code FOR UPDATE}, in node id order so concurrent placements cannot deadlock), their
 * reserved room is summed from {@code node_slot}, the strategy picks one, and the workspace's row is inserted before
 * the locks go with the commit. So two starts that could pick the same node see each other's reservation, on one
 * command-side instance or many; a refused start rolls its reservation back with everything else.
 */
public class JdbcNodePlacement implements NodePlacement {
    private static final Logger log = LoggerFactory.getLogger(JdbcNodePlacement.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;
    private final PlacementProperties properties;

    public JdbcNodePlacement(JdbcTemplate jdbc, PlacementProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @Override
    public Optional<NodeId> place(Request request) {
        long cpus = request.limits().nanoCpus();
        long memory = request.limits().memoryBytes();
        List<PlacementStrategy.Room> live = jdbc.query("""
                SELECT n.node_id, n.nano_cpus, n.memory_bytes, n.max_workspaces FROM command.node n
                WHERE n.lost_at IS NULL AND n.last_heartbeat_at > now() - make_interval(secs => ?)
                  AND n.labels @> ?::jsonb
                ORDER BY n.node_id
                FOR UPDATE""", (rs, i) -> new PlacementStrategy.Room(rs.getString(1), rs.getLong(2), rs.getLong(3),
                rs.getInt(4), 0, 0, 0), properties.nodeTimeout().toMillis() / 1000.0, json(request.nodeSelector()));
        Map<String, long[]> reserved = new HashMap<>();
        jdbc.query("""
                SELECT node_id, count(*), coalesce(sum(nano_cpus), 0), coalesce(sum(memory_bytes), 0)
                FROM command.node_slot WHERE workspace_id <> ? GROUP BY node_id""",
                rs -> { reserved.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)}); },
                request.workspaceId().value());
        List<PlacementStrategy.Room> rooms = live.stream().map(r -> {
            long[] used = reserved.getOrDefault(r.nodeId(), new long[3]);
            return new PlacementStrategy.Room(r.nodeId(), r.nanoCpus(), r.memoryBytes(), r.maxWorkspaces(),
                    (int) used[0], used[1], used[2]);
        }).toList();
        NodeId volumeNode = request.volumeNode();
        // its volume is on volumeNode: while that node lives, the workspace goes nowhere else
        List<PlacementStrategy.Room> candidates = volumeNode != null
                && rooms.stream().anyMatch(r -> r.nodeId().equals(volumeNode.value()))
                ? rooms.stream().filter(r -> r.nodeId().equals(volumeNode.value())).toList() : rooms;
        PlacementStrategy.Room chosen = properties.strategy().choose(candidates, cpus, memory).orElseThrow(() ->
                new NoNodeAvailable(refusal(rooms.size(), candidates, volumeNode, request.nodeSelector())));
        jdbc.update("""
                INSERT INTO command.node_slot (workspace_id, node_id, tenant_id, nano_cpus, memory_bytes)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (workspace_id) DO UPDATE SET node_id = EXCLUDED.node_id, tenant_id = EXCLUDED.tenant_id,
                    nano_cpus = EXCLUDED.nano_cpus, memory_bytes = EXCLUDED.memory_bytes, placed_at = now()""",
                request.workspaceId().value(), chosen.nodeId(), request.tenantId().value(), cpus, memory);
        jdbc.update("""
                INSERT INTO command.workspace_node (workspace_id, node_id) VALUES (?, ?)
                ON CONFLICT (workspace_id) DO UPDATE SET node_id = EXCLUDED.node_id, placed_at = now()""",
                request.workspaceId().value(), chosen.nodeId());
        log.atInfo().addKeyValue("workspaceId", request.workspaceId()).addKeyValue("tenantId", request.tenantId())
                .addKeyValue("nodeId", chosen.nodeId()).addKeyValue("strategy", properties.strategy())
                .addKeyValue("candidates", candidates.size()).log("workspace placed");
        return Optional.of(new NodeId(chosen.nodeId()));
    }

    @Override
    public void release(WorkspaceId workspace) {
        jdbc.update("DELETE FROM command.node_slot WHERE workspace_id = ?", workspace.value());
    }

    private static String refusal(int live, List<PlacementStrategy.Room> candidates, NodeId volumeNode,
                                  Map<String, String> selector) {
        if (live == 0) {
            return selector.isEmpty() ? "no live worker node: the workspace cannot start now; retry later"
                    : "no live worker node carries the tenant's node selector " + selector + "; retry later";
        }
        if (volumeNode != null && candidates.size() == 1 && candidates.get(0).nodeId().equals(volumeNode.value())) {
            return "node " + volumeNode + ", which holds the workspace's /workspace volume, has no room for it now "
                    + "(running workspaces, CPU or memory); stop another workspace there or retry later";
        }
        return "no live worker node has room for the workspace now (running workspaces, CPU or memory); "
                + "stop another workspace or retry later";
    }

    private static String json(Map<String, String> selector) {
        try {
            return JSON.writeValueAsString(selector == null ? Map.of() : selector);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
