package io.aicockpit.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two more container-worker processes, nodes {@code fleet-a-<run>} and {@code fleet-b-<run>} with room for one
 * workspace each and the label {@code pool=fleet-<run>}, on the real engine; a tenant pinned to that label. Placement
 * puts two starts on different nodes and refuses a third with 503 {@code no-node-available}; killing a node's process
 * (its heartbeats stop) marks it lost and its workspace LOST through the API; that workspace starts again on the
 * other node once there is room, and runs there.
 */
class FleetSystemIT {
    static final Duration SETTLE = Duration.ofSeconds(60);
    static final String POOL = "fleet-" + Platform.RUN;
    static final String NODE_A = "fleet-a-" + Platform.RUN;
    static final String NODE_B = "fleet-b-" + Platform.RUN;
    static Platform platform;
    static final List<ServiceProcess> nodes = new ArrayList<>();
    static ServiceProcess nodeA;
    static ServiceProcess nodeB;

    @BeforeAll
    static void nodes() throws Exception {
        platform = Platform.get();
        List<String> fleet = List.of("--aicockpit.container-worker.node.labels=pool=" + POOL,
                "--aicockpit.container-worker.node.max-workspaces=1");
        nodeA = platform.startNode("container-worker-" + NODE_A, NODE_A, ServiceProcess.freePort(), fleet);
        nodes.add(nodeA);
        nodeB = platform.startNode("container-worker-" + NODE_B, NODE_B, ServiceProcess.freePort(), fleet);
        nodes.add(nodeB);
        platform.awaitNodeRegistered(NODE_A);
        platform.awaitNodeRegistered(NODE_B);
    }

    @AfterAll
    static void removeNodes() throws Exception {
        nodes.forEach(ServiceProcess::close);
        // until command-side has marked them lost, a later test's start could still be placed on them
        platform.awaitNodeLost(NODE_A);
        platform.awaitNodeLost(NODE_B);
        // containers first: on this shared engine the surviving node's container may mount the lost node's volume
        for (String node : List.of(NODE_A, NODE_B)) {
            platform.docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("io.aicockpit.node", node))
                    .exec().forEach(c -> platform.docker.removeContainerCmd(c.getId()).withForce(true).exec());
        }
        for (String node : List.of(NODE_A, NODE_B)) {
            platform.docker.listVolumesCmd().exec().getVolumes().stream()
                    .filter(v -> v.getLabels() != null && node.equals(v.getLabels().get("io.aicockpit.node")))
                    .forEach(v -> {
                        try {
                            platform.docker.removeVolumeCmd(v.getName()).exec();
                        } catch (NotFoundException gone) {
                            // removed already
                        }
                    });
        }
    }

    @Test
    void placementRespectsCapacityAndALostNodesWorkspaceStartsOnTheOtherNode() throws Exception {
        String tenant = platform.onboardTenant("fleet", 3);
        Platform.Response pinned = platform.send(platform.commandSide, "PUT", "/api/v1/tenants/" + tenant
                + "/placement", Platform.operator(), Map.of("nodeSelector", Map.of("pool", POOL),
                "diskBytesPerWorkspace", 64L << 20));
        assertThat(pinned.status()).as("%s", pinned).isEqualTo(200);
        String first = platform.createWorkspace(tenant, Map.of("name", "first", "stackId", "busybox"));
        String second = platform.createWorkspace(tenant, Map.of("name", "second", "stackId", "busybox"));
        String third = platform.createWorkspace(tenant, Map.of("name", "third", "stackId", "busybox"));
        for (String id : List.of(first, second, third)) {
            await().atMost(SETTLE).until(() -> "STOPPED".equals(platform.status(tenant, id)));
        }

        // room for one workspace per node: two starts land on the two nodes, the third finds no room
        assertThat(start(tenant, first).status()).isEqualTo(202);
        assertThat(start(tenant, second).status()).isEqualTo(202);
        for (String id : List.of(first, second)) {
            await().atMost(SETTLE).until(() -> "RUNNING".equals(platform.status(tenant, id)));
        }
        String firstNode = platform.view(tenant, first).get("nodeId").asText();
        String secondNode = platform.view(tenant, second).get("nodeId").asText();
        assertThat(Set.of(firstNode, secondNode)).containsExactlyInAnyOrder(NODE_A, NODE_B);
        assertThat(platform.containersOf(first)).singleElement()
                .satisfies(c -> assertThat(c.getLabels()).containsEntry("io.aicockpit.node", firstNode));
        assertThat(platform.view(tenant, first).get("disk").get("quotaBytes").asLong())
                .as("the tenant's disk quota sized the volume").isEqualTo(64L << 20);

        Platform.Response refused = start(tenant, third);
        assertThat(refused.status()).as("%s", refused).isEqualTo(503);
        assertThat(refused.body().get("type").asText()).isEqualTo("urn:aicockpit:problem:no-node-available");
        assertThat(platform.status(tenant, third)).isEqualTo("STOPPED");
        assertThat(platform.eventTypes(third)).containsExactly("WorkspaceCreated");

        // operators see both nodes, each with one workspace of the tenant
        JsonNode nodesView = platform.get(platform.querySide, "/api/v1/nodes", queryOperator()).body();
        for (String node : List.of(NODE_A, NODE_B)) {
            JsonNode n = node(nodesView, node);
            assertThat(n.get("health").asText()).isEqualTo("UP");
            assertThat(n.get("labels").get("pool").asText()).isEqualTo(POOL);
            assertThat(n.get("capacity").get("maxWorkspaces").asInt()).isEqualTo(1);
        }
        await().atMost(SETTLE).until(() -> node(platform.get(platform.querySide, "/api/v1/nodes/" + firstNode,
                queryOperator()).body(), null).get("tenants").findValuesAsText("tenantId").contains(tenant));

        // the first workspace's node dies: no more heartbeats, so it is lost and the workspace with it
        ServiceProcess dying = firstNode.equals(NODE_A) ? nodeA : nodeB;
        dying.kill();
        await().atMost(Platform.NODE_TIMEOUT.plus(SETTLE)).pollInterval(Duration.ofMillis(500))
                .until(() -> "LOST".equals(platform.status(tenant, first)));
        JsonNode lost = platform.view(tenant, first);
        assertThat(lost.get("failureReason").asText()).contains("node " + firstNode + " lost");
        assertThat(lost.get("volumeNodeId").asText()).isEqualTo(firstNode);
        assertThat(platform.status(tenant, second)).isEqualTo("RUNNING");
        // query-side judges health by the same timeout from its own receipt of the last heartbeat
        await().atMost(SETTLE).until(() -> "LOST".equals(platform.get(platform.querySide, "/api/v1/nodes/"
                + firstNode, queryOperator()).body().get("health").asText()));

        // the surviving node is full; once the second workspace stops, the lost one starts there and runs
        Platform.Response full = start(tenant, first);
        assertThat(full.status()).as("%s", full).isEqualTo(503);
        assertThat(platform.post(platform.commandSide, "/api/v1/workspaces/" + second + "/stop",
                Platform.developer(tenant), null).status()).isEqualTo(202);
        await().atMost(SETTLE).until(() -> "STOPPED".equals(platform.status(tenant, second)));
        assertThat(start(tenant, first).status()).isEqualTo(202);
        await().atMost(SETTLE).until(() -> "RUNNING".equals(platform.status(tenant, first)));
        assertThat(platform.view(tenant, first).get("nodeId").asText()).isEqualTo(secondNode);
        List<Container> running = platform.docker.listContainersCmd().withStatusFilter(List.of("running"))
                .withLabelFilter(Map.of("io.aicockpit.workspace", first, "io.aicockpit.node", secondNode)).exec();
        assertThat(running).as("the workspace runs on the surviving node").hasSize(1);
        assertThat(platform.exec(running.get(0).getId(), "echo alive")).contains("alive");
        assertThat(platform.eventTypes(first)).containsSubsequence("WorkspacePlaced", "WorkspaceStartRequested",
                "WorkspaceStarted", "WorkspaceLost", "WorkspacePlaced", "WorkspaceStartRequested", "WorkspaceStarted");
    }

    private static Platform.Response start(String tenant, String id) throws Exception {
        return platform.post(platform.commandSide, "/api/v1/workspaces/" + id + "/start", Platform.developer(tenant),
                null);
    }

    /** query-side takes operators as members of the platform issuer's tenant, as the gateway signs them. */
    private static Map<String, String> queryOperator() {
        return Map.of(io.aicockpit.coreapi.identity.InternalIdentity.HEADER,
                io.aicockpit.support.identity.TestIdentityTokens.token("platform", "operator", "PLATFORM_OPERATOR"));
    }

    private static JsonNode node(JsonNode view, String nodeId) {
        if (nodeId == null) {
            return view;
        }
        for (JsonNode n : view.get("nodes")) {
            if (n.get("nodeId").asText().equals(nodeId)) {
                return n;
            }
        }
        throw new AssertionError("node " + nodeId + " not in " + view);
    }
}
