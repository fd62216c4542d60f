package io.aicockpit.command.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aicockpit.command.CommandSideApplication;
import io.aicockpit.command.support.CommandSideIT;
import io.aicockpit.command.support.KafkaProbe;
import io.aicockpit.command.support.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * The tenant's running quota holds under concurrency across two command-side instances sharing one database:
 * 20 simultaneous starts against a quota of 5 give exactly 5 acceptances and 15 clear refusals.
 */
class WorkspaceQuotaIT extends CommandSideIT {
    static ConfigurableApplicationContext secondInstance;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeAll
    static void startSecondInstance() {
        secondInstance = new SpringApplicationBuilder(CommandSideApplication.class).run("--server.port=0",
                "--spring.datasource.url=" + TestDatabase.recreateOnce(DATABASE, "command,eventstore"),
                "--spring.kafka.bootstrap-servers=" + KafkaProbe.BOOTSTRAP,
                "--aicockpit.command.actions-topic=" + ACTIONS_TOPIC, "--aicockpit.command.results-topic=" + RESULTS_TOPIC,
                "--aicockpit.security.internal-token.jwks-file="
                        + io.aicockpit.support.identity.TestIdentityTokens.jwksFile(),
                "--aicockpit.secrets.key=" + SECRETS_KEY,
                // like the suite's own instance (CommandSideIT): no nodes here, and never the real heartbeat group
                "--aicockpit.placement.enabled=false");
    }

    @AfterAll
    static void stopSecondInstance() {
        if (secondInstance != null) {
            secondInstance.close();
        }
    }

    @Test
    void twentyConcurrentStartsAgainstAQuotaOfFiveAcceptExactlyFive() throws Exception {
        String tenant = uniqueTenant("quota");
        assertThat(call(client.post().uri("/api/v1/tenants").headers(operator()).body(tenantBody(tenant, 5)))
                .getStatusCode().value()).isEqualTo(201);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(call(client.post().uri("/api/v1/workspaces").headers(as(tenant, "dev-" + i, "DEVELOPER"))
                    .body(Map.of("name", "ws-" + i, "stackId", "busybox"))).getBody().get("workspaceId").asText());
        }
        int secondPort = ((WebServerApplicationContext) secondInstance).getWebServer().getPort();
        RestClient other = RestClient.builder().baseUrl("http://127.0.0.1:" + secondPort)
                .defaultStatusHandler(s -> true, (req, res) -> { }).build();

        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<ResponseEntity<JsonNode>>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            RestClient target = i % 2 == 0 ? client : other;
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

        List<ResponseEntity<JsonNode>> accepted = results.stream().filter(r -> r.getStatusCode().value() == 202).toList();
        List<ResponseEntity<JsonNode>> refused = results.stream().filter(r -> r.getStatusCode().value() == 409).toList();
        assertThat(accepted).hasSize(5);
        assertThat(refused).hasSize(15).allSatisfy(r -> {
            assertThat(r.getBody().get("type").asText()).isEqualTo("urn:aicockpit:problem:tenant-quota-exceeded");
            assertThat(r.getBody().get("maxRunningWorkspaces").asInt()).isEqualTo(5);
        });
        assertThat(jdbc.queryForObject("SELECT running FROM command.tenant_slot_counter WHERE tenant_id = ?",
                Integer.class, tenant)).isEqualTo(5);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM command.workspace_slot WHERE tenant_id = ?",
                Integer.class, tenant)).isEqualTo(5);
        assertThat(startRequestedEvents(ids)).isEqualTo(5);

        // a failed start gives its slot back (worker result over Kafka), so one more start is accepted
        JsonNode first = accepted.get(0).getBody();
        KafkaProbe.send(RESULTS_TOPIC, first.get("workspaceId").asText(), """
                {"actionId":"%s","type":"START","workspaceId":"%s","tenantId":"%s","outcome":"FAILED",
                 "nodeId":"node-t","error":"image missing","completedAt":"%s"}"""
                .formatted(first.get("actionId").asText(), first.get("workspaceId").asText(), tenant, Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "SELECT running FROM command.tenant_slot_counter WHERE tenant_id = ?", Integer.class, tenant) == 4);
        List<String> neverStarted = ids.stream().filter(id -> accepted.stream()
                .noneMatch(a -> a.getBody().get("workspaceId").asText().equals(id))).toList();
        assertThat(call(client.post().uri("/api/v1/workspaces/" + neverStarted.get(0) + "/start")
                .headers(as(tenant, "admin", "ORG_ADMIN"))).getStatusCode().value()).isEqualTo(202);
        assertThat(call(other.post().uri("/api/v1/workspaces/" + neverStarted.get(1) + "/start")
                .headers(as(tenant, "admin", "ORG_ADMIN"))).getStatusCode().value()).isEqualTo(409);
    }

    private int startRequestedEvents(List<String> ids) {
        return jdbc.queryForObject("SELECT count(*) FROM eventstore.domainevententry WHERE payloadtype = ? "
                        + "AND aggregateidentifier = ANY (?)", Integer.class,
                "io.aicockpit.coreapi.workspace.WorkspaceStartRequested", ids.toArray(String[]::new));
    }

    private static ResponseEntity<JsonNode> call(RestClient.RequestHeadersSpec<?> spec) {
        return spec.retrieve().toEntity(JsonNode.class);
    }
}
