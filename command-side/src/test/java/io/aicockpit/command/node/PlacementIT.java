package io.aicockpit.command.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aicockpit.command.CommandSideApplication;
import io.aicockpit.command.support.CommandSideIT;
import io.aicockpit.command.support.KafkaProbe;
import io.aicockpit.command.support.TestDatabase;
import io.aicockpit.support.identity.TestIdentityTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;

/**
 * Placement against PostgreSQL on two command-side instances with placement on: concurrent starts never put more
 * workspaces on a node than it offers, the rest are refused with 503 and leave nothing behind, each placed action
 * goes to its node's own topic, and a node whose heartbeats stop is lost together with its workspaces. The nodes are
 * rows as heartbeats would write them; the tenant is pinned to their label, so no other node of the suite counts.
 */
class PlacementIT extends CommandSideIT {
    static final String HEARTBEATS_TOPIC = "aicockpit.internal.node-heartbeats.command-side-placement-it";
    static final List<ConfigurableApplicationContext> instances = new ArrayList<>();
    static final List<RestClient> clients = new ArrayList<>();

    private final String run = Long.toString(System.nanoTime(), 36);
    private final String nodeA = "pit-a-" + run;
    private final String nodeB = "pit-b-" + run;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeAll
    static void startPlacingInstances() {
        for (int i = 0; i < 2; i++) {
            ConfigurableApplicationContext app = new SpringApplicationBuilder(CommandSideApplication.class).run(
                    "--server.port=0",
                    "--spring.datasource.url=" + TestDatabase.recreateOnce(DATABASE, "command,eventstore"),
                    "--spring.kafka.bootstrap-servers=" + KafkaProbe.BOOTSTRAP,
                    "--aicockpit.command.actions-topic=" + ACTIONS_TOPIC,
                    "--aicockpit.command.results-topic=" + RESULTS_TOPIC,
                    "--aicockpit.command.container-events-topic=" + CONTAINER_EVENTS_TOPIC,
                    "--aicockpit.command.node-commands-topic=" + NODE_COMMANDS_TOPIC,
                    "--aicockpit.command.idle.activity-topic=" + ACTIVITY_TOPIC,
                    "--aicockpit.command.idle.enabled=false",
                    "--aicockpit.security.internal-token.jwks-file=" + TestIdentityTokens.jwksFile(),
                    "--aicockpit.secrets.key=" + SECRETS_KEY,
                    "--aicockpit.placement.enabled=true",
                    "--aicockpit.placement.heartbeats-topic=" + HEARTBEATS_TOPIC,
                    "--aicockpit.placement.heartbeats-group=aicockpit-command-side-placement-it",
                    "--aicockpit.placement.node-timeout=6s",
                    "--aicockpit.placement.sweep-interval=300ms");
            instances.add(app);
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            clients.add(RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                    .defaultStatusHandler(s -> true, (req, res) -> { }).build());
        }
    }

    @AfterAll
    static void stopPlacingInstances() {
        instances.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void concurrentStartsFillEachNodeToItsCapacityAndALostNodeLosesItsWorkspaces() throws Exception {
        for (String node : List.of(nodeA, nodeB)) {
            jdbc.update("""
                    INSERT INTO command.node (node_id, api_uri, labels, nano_cpus, memory_bytes, disk_bytes,
                        max_workspaces, last_sent_at, last_heartbeat_at)
                    VALUES (?, 'http://127.0.0.1:1', ?::jsonb, 4000000000, 8589934592, 1099511627776, 2, now(), now())""",
                    node, "{\"pool\":\"pit-" + run + "\",\"disk\":\"ssd\"}");
        }
        // heartbeats as a live node sends them (a heartbeat also brings a lost node back), for the nodes in `alive`
        java.util.Set<String> alive = java.util.concurrent.ConcurrentHashMap.newKeySet();
        alive.addAll(List.of(nodeA, nodeB));
        var heartbeats = Executors.newSingleThreadScheduledExecutor();
        heartbeats.scheduleWithFixedDelay(() -> alive.forEach(node -> jdbc.update(
                // never revives a node the test has let go (an update racing the removal from `alive`)
                "UPDATE command.node SET last_heartbeat_at = now(), lost_at = NULL WHERE node_id = ? "
                        + "AND last_heartbeat_at > now() - interval '10 minutes'", node)), 0, 300,
                java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            onboardAndStart(alive);
        } finally {
            heartbeats.shutdownNow();
        }
    }

    private void onboardAndStart(java.util.Set<String> alive) throws Exception {
        String tenant = uniqueTenant("placement");
        RestClient one = clients.get(0);
        assertThat(call(one.post().uri("/api/v1/tenants").headers(operator()).body(tenantBody(tenant, 20)))
                .getStatusCode().value()).isEqualTo(201);
        ResponseEntity<JsonNode> pinned = call(one.put().uri("/api/v1/tenants/" + tenant + "/placement")
                .headers(operator()).body(Map.of("nodeSelector", Map.of("pool", "pit-" + run),
                        "diskBytesPerWorkspace", 1L << 30)));
        assertThat(pinned.getStatusCode().value()).as("%s", pinned.getBody()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(call(one.post().uri("/api/v1/workspaces").headers(as(tenant, "dev-" + i, "DEVELOPER"))
                    .body(Map.of("name", "ws-" + i, "stackId", "busybox"))).getBody().get("workspaceId").asText());
        }
        startConcurrentlyAndLoseANode(tenant, ids, alive);
    }

    private void startConcurrentlyAndLoseANode(String tenant, List<String> ids, java.util.Set<String> alive)
            throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<ResponseEntity<JsonNode>>> answers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            RestClient target = clients.get(i % 2);
            String id = ids.get(i);
            answers.add(pool.submit(() -> {
                go.await();
                return call(target.post().uri("/api/v1/workspaces/" + id + "/start")
                        .headers(as(tenant, "admin", "ORG_ADMIN")));
            }));
        }
        go.countDown();
        List<ResponseEntity<JsonNode>> results = new ArrayList<>();
        for (Future<ResponseEntity<JsonNode>> f : answers) {
            results.add(f.get());
        }
        pool.shutdown();

        List<String> accepted = results.stream().filter(r -> r.getStatusCode().value() == 202)
                .map(r -> r.getBody().get("workspaceId").asText()).toList();
        List<ResponseEntity<JsonNode>> refused = results.stream().filter(r -> r.getStatusCode().value() == 503)
                .toList();
        assertThat(accepted).as("two nodes with room for two each").hasSize(4);
        assertThat(refused).hasSize(6).allSatisfy(r ->
                assertThat(r.getBody().get("type").asText()).isEqualTo("urn:aicockpit:problem:no-node-available"));
        for (String node : List.of(nodeA, nodeB)) {
            assertThat(jdbc.queryForObject("SELECT count(*) FROM command.node_slot WHERE node_id = ?", Integer.class,
                    node)).as("room held on %s", node).isEqualTo(2);
        }
        assertThat(jdbc.queryForObject("SELECT running FROM command.tenant_slot_counter WHERE tenant_id = ?",
                Integer.class, tenant)).as("refused starts hold no running slot").isEqualTo(4);
        assertThat(events("WorkspacePlaced", ids)).isEqualTo(4);
        assertThat(events("WorkspaceStartRequested", ids)).isEqualTo(4);

        // each START went to its node's own topic only (at least once: a processor may send again), with the quota
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String node : List.of(nodeA, nodeB)) {
            java.util.Set<String> keys = new java.util.HashSet<>();
            var actions = KafkaProbe.await(ACTIONS_TOPIC + "." + node, new StringDeserializer(),
                    r -> accepted.contains(r.key()) && keys.add(r.key()), 2, Duration.ofSeconds(30));
            assertThat(actions).hasSize(2).allSatisfy(r -> assertThat(r.value()).contains("\"diskBytes\":1073741824"));
            assertThat(jdbc.queryForList("SELECT workspace_id::text FROM command.node_slot WHERE node_id = ?",
                    String.class, node)).containsExactlyInAnyOrderElementsOf(keys);
            seen.addAll(keys);
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(accepted);

        // node A's heartbeats stop: it is lost, its two workspaces are LOST and give their slots back
        alive.remove(nodeA);
        jdbc.update("UPDATE command.node SET last_heartbeat_at = now() - interval '1 hour' WHERE node_id = ?", nodeA);
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM command.node_slot WHERE node_id = ?", Integer.class, nodeA) == 0);
        assertThat(jdbc.queryForObject("SELECT lost_at IS NOT NULL FROM command.node WHERE node_id = ?",
                Boolean.class, nodeA)).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> events("WorkspaceLost", ids) == 2);
        assertThat(jdbc.queryForObject("SELECT running FROM command.tenant_slot_counter WHERE tenant_id = ?",
                Integer.class, tenant)).isEqualTo(2);

        // a lost workspace may start again, but the only live node is full
        String lost = jdbc.queryForObject("""
                SELECT aggregateidentifier FROM eventstore.domainevententry
                WHERE payloadtype = 'io.aicockpit.coreapi.workspace.WorkspaceLost' AND aggregateidentifier = ANY (?)
                LIMIT 1""", String.class, (Object) ids.toArray(String[]::new));
        ResponseEntity<JsonNode> full = call(clients.get(1).post().uri("/api/v1/workspaces/" + lost + "/start")
                .headers(as(tenant, "admin", "ORG_ADMIN")));
        assertThat(full.getStatusCode().value()).isEqualTo(503);
        assertThat(full.getBody().get("detail").asText()).contains("no live worker node has room");
    }

    private int events(String type, List<String> ids) {
        return jdbc.queryForObject("SELECT count(*) FROM eventstore.domainevententry WHERE payloadtype = ? "
                        + "AND aggregateidentifier = ANY (?)", Integer.class,
                "io.aicockpit.coreapi.workspace." + type, ids.toArray(String[]::new));
    }

    private static ResponseEntity<JsonNode> call(RestClient.RequestHeadersSpec<?> spec) {
        return spec.retrieve().toEntity(JsonNode.class);
    }
}
