package io.aicockpit.query.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.ActorType;
import io.aicockpit.coreapi.common.NodeId;
import io.aicockpit.coreapi.common.ResourceLimits;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.identity.InternalIdentity;
import io.aicockpit.support.identity.TestIdentityTokens;
import io.aicockpit.coreapi.node.NodeHeartbeat;
import io.aicockpit.coreapi.workspace.ActionId;
import io.aicockpit.coreapi.workspace.WorkspaceCreated;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import io.aicockpit.coreapi.workspace.WorkspaceLost;
import io.aicockpit.coreapi.workspace.WorkspacePlaced;
import io.aicockpit.coreapi.workspace.WorkspaceStartRequested;
import io.aicockpit.coreapi.workspace.WorkspaceStarted;
import io.aicockpit.query.CommandSideEvents;
import io.aicockpit.query.QuerySideTest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * The node view from heartbeats on Kafka: operators see health, capacity, load and the workspaces per tenant; nobody
 * else sees nodes at all; a node whose heartbeats stop shows LOST; a workspace shows its node, its volume's node and
 * disk numbers, and LOST with the reason after its node was lost.
 */
@QuerySideTest
class NodeViewIT {
    static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    static final ResourceLimits LIMITS = new ResourceLimits(256 * ResourceLimits.MIB, 0, 500_000_000L, 64);
    static final Actor ADA = new Actor("ada", "Ada", ActorType.USER);
    static final long GIB = 1L << 30;

    private final TenantId tenant = TenantId.of("nodes-" + UUID.randomUUID().toString().substring(0, 8));
    private final NodeId node = NodeId.of("it-node-" + UUID.randomUUID().toString().substring(0, 8));
    private final WorkspaceId workspace = WorkspaceId.random();
    private final CommandSideEvents store = new CommandSideEvents();

    @Autowired
    TestRestTemplate http;
    @Autowired
    org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate jdbc;

    @Test
    void operatorsSeeTheNodeWithCapacityLoadAndWorkspacesPerTenantUntilItsHeartbeatsStop() throws Exception {
        ActionId start = ActionId.random();
        Instant t0 = Instant.now().minusSeconds(60);
        store.append(new WorkspaceCreated(workspace, tenant, "ws", "busybox", "aicockpit/busybox:local", LIMITS, ADA),
                t0);
        store.append(new WorkspacePlaced(workspace, tenant, start, node, 2 * GIB), t0.plusSeconds(1));
        store.append(new WorkspaceStartRequested(workspace, tenant, start, "busybox", "aicockpit/busybox:local",
                LIMITS, ADA), t0.plusSeconds(1));
        store.append(new WorkspaceStarted(workspace, tenant, start, node, "c-1"), t0.plusSeconds(2));
        send(heartbeat(Instant.now()));

        JsonNode view = await().atMost(Duration.ofSeconds(20)).until(() -> {
            ResponseEntity<JsonNode> r = get("/api/v1/nodes/" + node, operator());
            return r.getStatusCode().value() == 200 && r.getBody().get("tenants").size() == 1 ? r.getBody() : null;
        }, v -> v != null);
        assertThat(view.get("health").asText()).isEqualTo("UP");
        assertThat(view.get("apiUri").asText()).isEqualTo("http://10.1.2.3:8083");
        assertThat(view.get("labels").get("pool").asText()).isEqualTo("general");
        assertThat(view.get("capacity").get("cpus").asDouble()).isEqualTo(4.0);
        assertThat(view.get("capacity").get("maxWorkspaces").asInt()).isEqualTo(20);
        assertThat(view.get("load").get("runningWorkspaces").asInt()).isEqualTo(1);
        assertThat(view.get("load").get("reservedMemoryBytes").asLong()).isEqualTo(256L << 20);
        JsonNode held = view.get("tenants").get(0);
        assertThat(held.get("tenantId").asText()).isEqualTo(tenant.value());
        assertThat(held.get("workspaces").asInt()).isEqualTo(1);
        assertThat(held.get("held").get(0).get("workspaceId").asText()).isEqualTo(workspace.toString());
        assertThat(held.get("held").get(0).get("status").asText()).isEqualTo("RUNNING");

        JsonNode list = get("/api/v1/nodes", operator()).getBody();
        assertThat(list.get("nodes").findValuesAsText("nodeId")).contains(node.value());

        // the workspace itself: its node, the node holding its volume, its disk quota and measured use
        JsonNode ws = await().atMost(Duration.ofSeconds(10)).until(() -> get("/api/v1/workspaces/" + workspace,
                as(tenant.value(), "ORG_ADMIN")).getBody(), w -> w != null && w.hasNonNull("disk")
                && w.get("disk").hasNonNull("usedBytes"));
        assertThat(ws.get("nodeId").asText()).isEqualTo(node.value());
        assertThat(ws.get("volumeNodeId").asText()).isEqualTo(node.value());
        assertThat(ws.get("disk").get("quotaBytes").asLong()).isEqualTo(2 * GIB);
        assertThat(ws.get("disk").get("limitBytes").asLong()).isEqualTo(2 * GIB);
        assertThat(ws.get("disk").get("usedBytes").asLong()).isEqualTo(300L << 20);

        // heartbeats stop: after the timeout (3 s in this suite) the node shows LOST
        JsonNode lost = await().atMost(Duration.ofSeconds(15)).until(
                () -> get("/api/v1/nodes/" + node, operator()).getBody(), n -> "LOST".equals(n.get("health").asText()));
        assertThat(lost.get("lastHeartbeatAt").asText()).isNotBlank();

        store.append(new WorkspaceLost(workspace, tenant, node, "node " + node + " lost"), Instant.now());
        JsonNode gone = await().atMost(Duration.ofSeconds(10)).until(() -> get("/api/v1/workspaces/" + workspace,
                as(tenant.value(), "ORG_ADMIN")).getBody(), w -> "LOST".equals(w.get("status").asText()));
        assertThat(gone.get("failureReason").asText()).isEqualTo("node " + node + " lost");
        assertThat(gone.get("volumeNodeId").asText()).as("the volume stays on the lost node").isEqualTo(node.value());
        await().atMost(Duration.ofSeconds(10)).until(
                () -> get("/api/v1/nodes/" + node, operator()).getBody().get("tenants").isEmpty());
    }

    @Test
    void nodesAreForPlatformOperatorsOnly() throws Exception {
        send(heartbeat(Instant.now()));
        for (String role : List.of("ORG_ADMIN", "DEVELOPER", "AUDITOR", "INTEGRATION")) {
            assertThat(get("/api/v1/nodes", as(tenant.value(), role)).getStatusCode().value()).as(role).isEqualTo(403);
            assertThat(get("/api/v1/nodes/" + node, as(tenant.value(), role)).getStatusCode().value()).as(role)
                    .isEqualTo(403);
        }
        assertThat(get("/api/v1/nodes", new HttpHeaders()).getStatusCode().value()).isEqualTo(401);
        assertThat(get("/api/v1/nodes/never-heard-of", operator()).getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void anOlderHeartbeatChangesNothing() throws Exception {
        Instant now = Instant.now();
        send(heartbeat(now));
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/api/v1/nodes/" + node, operator())
                .getStatusCode().value() == 200);
        WorkspaceId other = WorkspaceId.random();
        NodeHeartbeat older = new NodeHeartbeat(node, URI.create("http://old:1"), "unix:///x", now, now.minusSeconds(5),
                Duration.ofSeconds(1), Map.of(), new NodeHeartbeat.Capacity(1, 1, 1, 1),
                new NodeHeartbeat.Load(0, 0, 0, null, 0),
                List.of(new NodeHeartbeat.Container(other, tenant, "c-2", true, GIB, 1L)));
        NodeHeartbeat newer = new NodeHeartbeat(node, URI.create("http://10.1.2.3:8083"), "unix:///x", now,
                now.plusMillis(1), Duration.ofSeconds(1), Map.of(), new NodeHeartbeat.Capacity(1, 1, 1, 21),
                new NodeHeartbeat.Load(0, 0, 0, null, 0), List.of());
        // same key, same partition: once the newer one shows, the older one was handled before it
        send(older, newer);
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/api/v1/nodes/" + node, operator()).getBody()
                .get("capacity").get("maxWorkspaces").asInt() == 21);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM workspace_disk WHERE workspace_id = :id",
                Map.of("id", other.value()), Long.class)).as("nothing of the older heartbeat was stored").isZero();
    }

    private NodeHeartbeat heartbeat(Instant sentAt) {
        return new NodeHeartbeat(node, URI.create("http://10.1.2.3:8083"), "unix:///var/run/docker.sock",
                sentAt.minusSeconds(100), sentAt, Duration.ofSeconds(1), Map.of("pool", "general"),
                new NodeHeartbeat.Capacity(4_000_000_000L, 16 * GIB, 100 * GIB, 20),
                new NodeHeartbeat.Load(1, 500_000_000L, 256L << 20, null, 10 * GIB),
                List.of(new NodeHeartbeat.Container(workspace, tenant, "c-1", true, 2 * GIB, 300L << 20)));
    }

    private ResponseEntity<JsonNode> get(String path, HttpHeaders headers) {
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), JsonNode.class);
    }

    private static HttpHeaders operator() {
        return as("platform", "PLATFORM_OPERATOR");
    }

    private static HttpHeaders as(String tenant, String role) {
        HttpHeaders h = new HttpHeaders();
        h.set(InternalIdentity.HEADER, TestIdentityTokens.token(tenant, "ada", role));
        return h;
    }

    private void send(NodeHeartbeat... beats) throws Exception {
        Properties p = new Properties();
        p.putAll(io.aicockpit.testsupport.kafka.TestKafka.clientProperties());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            for (NodeHeartbeat beat : beats) {
                producer.send(new ProducerRecord<>(QuerySideTest.NODE_HEARTBEATS_TOPIC, beat.nodeId().value(),
                        JSON.writeValueAsString(beat))).get();
            }
        }
    }
}
