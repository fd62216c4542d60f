package io.aicockpit.query.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aicockpit.query.node.NodeQueryController.Capacity;
import io.aicockpit.query.node.NodeQueryController.Held;
import io.aicockpit.query.node.NodeQueryController.Load;
import io.aicockpit.query.node.NodeQueryController.NodeView;
import io.aicockpit.query.node.NodeQueryController.TenantWorkspaces;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads {@code node_view} and, per node, the workspaces the read model places there. Platform-wide on purpose (only
 * platform operators get here, see {@link NodeQueryController}): it runs as the service's own role, not behind
 * {@code TenantScopedReads}, because an operator's answer spans every tenant.
 */
@Component
class NodeViewReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SELECT = """
            SELECT n.*, now() - n.last_heartbeat_at < make_interval(secs => :timeout) AS up FROM node_view n""";

    private final NamedParameterJdbcTemplate jdbc;
    private final Duration timeout;

    NodeViewReader(NamedParameterJdbcTemplate jdbc,
                   @Value("${aicockpit.query-side.node-timeout:15s}") Duration timeout) {
        this.jdbc = jdbc;
        this.timeout = timeout;
    }

    List<NodeView> all() {
        return jdbc.query(SELECT + " ORDER BY n.node_id", Map.of("timeout", seconds()), this::view);
    }

    Optional<NodeView> find(String nodeId) {
        return jdbc.query(SELECT + " WHERE n.node_id = :nodeId", Map.of("timeout", seconds(), "nodeId", nodeId),
                this::view).stream().findFirst();
    }

    private double seconds() {
        return timeout.toMillis() / 1000.0;
    }

    private NodeView view(ResultSet rs, int row) throws SQLException {
        String node = rs.getString("node_id");
        long nanoCpus = rs.getLong("nano_cpus");
        long used = rs.getLong("used_memory_bytes");
        Long usedMemory = rs.wasNull() ? null : used;
        return new NodeView(node, rs.getBoolean("up") ? "UP" : "LOST", instant(rs, "last_heartbeat_at"),
                instant(rs, "started_at"), rs.getString("api_uri"), rs.getString("docker_host"),
                labels(rs.getString("labels")),
                new Capacity(nanoCpus / 1e9, nanoCpus, rs.getLong("memory_bytes"), rs.getLong("disk_bytes"),
                        rs.getInt("max_workspaces")),
                new Load(rs.getInt("running_workspaces"), rs.getLong("reserved_nano_cpus"),
                        rs.getLong("reserved_memory_bytes"), usedMemory, rs.getLong("disk_used_bytes")),
                held(node));
    }

    private List<TenantWorkspaces> held(String node) {
        Map<String, List<Held>> byTenant = new LinkedHashMap<>();
        jdbc.query("""
                SELECT tenant_id, workspace_id, status FROM workspace_view
                WHERE node_id = :nodeId AND status IN ('PROVISIONING', 'RUNNING', 'STOPPING', 'DELETING')
                ORDER BY tenant_id, workspace_id""", Map.of("nodeId", node), rs -> {
            byTenant.computeIfAbsent(rs.getString("tenant_id"), t -> new ArrayList<>())
                    .add(new Held(rs.getObject("workspace_id", UUID.class), rs.getString("status")));
        });
        List<TenantWorkspaces> tenants = new ArrayList<>();
        byTenant.forEach((tenant, held) -> tenants.add(new TenantWorkspaces(tenant, held.size(), held)));
        return tenants;
    }

    private static Map<String, String> labels(String json) {
        try {
            return json == null ? Map.of() : JSON.readValue(json, new TypeReference<Map<String, String>>() {});
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
