package io.aicockpit.query.node;

import io.aicockpit.query.web.TrustedCaller;
import io.aicockpit.support.problem.ProblemType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
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
    private final NodeViewReader reader;

    NodeQueryController(NodeViewReader reader) {
        this.reader = reader;
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
        return new Nodes(reader.all());
    }

    @GetMapping("/api/v1/nodes/{nodeId}")
    NodeView one(TrustedCaller caller, @PathVariable String nodeId) {
        caller.requireAnyRole("worker nodes", "PLATFORM_OPERATOR");
        return reader.find(nodeId).orElseThrow(() -> notFound(nodeId));
    }

    private static ErrorResponseException notFound(String nodeId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "Node " + nodeId + " has never sent a heartbeat.");
        problem.setType(ProblemType.NOT_FOUND.uri());
        problem.setTitle(ProblemType.NOT_FOUND.title());
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }
}
