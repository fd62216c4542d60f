package io.aicockpit.query.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aicockpit.query.web.TrustedCaller;
import io.aicockpit.support.problem.ProblemType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/nodes} and {@code GET /api/v1/nodes/{nodeId}}, platform operators only (anyone else: 403 from
 * here, as for other tenants' quotas). Health is {@code UP} while the last heartbeat is younger than
 * {@code aicockpit.query-side.node-timeout} (the same 15 s command-side's lost-node monitor uses), else {@code LOST}.
 * The workspaces a node holds are the ones the read model places there with a container action or container
 * (PROVISIONING, RUNNING, STOPPING, DELETING), grouped by tenant.
 */
@RestController
class NodeQueryController {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SELECT = """
            SELECT n.*, now() - n.last_heartbeat_at < make_interval(secs => :timeout) AS up FROM node_view n""";

    private final NamedParameterJdbcTemplate jdbc;
    private final Duration timeout;

    NodeQueryController(NamedParameterJdbcTemplate jdbc,
                        @Value("${aicockpit.query-side.node-timeout:15s}") Duration timeout) {
        this.jdbc = jdbc;
        this.timeout = timeout;
    }

    record Nodes(List<NodeView> nodes) {}

    record NodeView(String nodeId, String health, Instant lastHeartbeatAt, Instant startedAt, String apiUri,
                    String dockerHost, Map<String, String> labels, Capacity capacity, Load load,
                    List<TenantWorkspaces> tenants) {}

    record Capacity(double cpus, long nanoCpus, long memoryBytes, long diskBytes, int maxWorkspaces) {}

    record Load(int runningWorkspaces, long reservedNanoCpus, long reservedMemoryBytes, Long usedMemoryBytes,
                long diskUsedBytes) {}

    record TenantWorkspaces(String tenantId, int workspaces, List<Held> held) {}

    record Held(UUID workspaceId, String status) {}

    @GetMapping("/api/v1/nodes")
    Nodes list(TrustedCaller caller) {
        caller.requireAnyRole("worker nodes", "PLATFORM_OPERATOR");
        List<NodeView> nodes = jdbc.query(SELECT + " ORDER BY n.node_id", Map.of("timeout", seconds()), this::view);
        return new Nodes(nodes);
    }

    @GetMapping("/api/v1/nodes/{nodeId}")
    NodeView one(TrustedCaller caller, @PathVariable String nodeId) {
        caller.requireAnyRole("worker nodes", "PLATFORM_OPERATOR");
        return jdbc.query(SELECT + " WHERE n.node_id = :nodeId", Map.of("timeout", seconds(), "nodeId", nodeId),
                this::view).stream().findFirst().orElseThrow(() -> notFound(nodeId));
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

    private static ErrorResponseException notFound(String nodeId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "Node " + nodeId + " has never sent a heartbeat.");
        problem.setType(ProblemType.NOT_FOUND.uri());
        problem.setTitle(ProblemType.NOT_FOUND.title());
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }
}
