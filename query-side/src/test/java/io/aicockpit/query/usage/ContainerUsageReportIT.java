package io.aicockpit.query.usage;

import io.aicockpit.testsupport.kafka.TestKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.aicockpit.coreapi.aiservice.AiServiceId;
import io.aicockpit.coreapi.common.NodeId;
import io.aicockpit.coreapi.usage.AiUsageRecorded;
import io.aicockpit.coreapi.usage.ContainerUsageRecorded;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import io.aicockpit.query.QuerySideTest;
import java.sql.Timestamp;
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
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** Container time in the same usage report as AI tokens, from the nodes' records on Kafka. */
@QuerySideTest
class ContainerUsageReportIT {
    static final Instant DAY1 = Instant.parse("2026-04-01T10:00:00Z");
    static final Instant DAY2 = Instant.parse("2026-04-02T23:59:00Z");
    static final String RANGE = "from=2026-04-01&to=2026-04-03";
    static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private final String tenant = "cusage-" + Long.toString(System.nanoTime(), 36);
    private final WorkspaceId aliceWorkspace = WorkspaceId.random();
    /** Its node did not know the owner: the report takes bob from the workspace. */
    private final WorkspaceId bobWorkspace = WorkspaceId.random();

    @Autowired
    TestRestTemplate http;
    @Autowired
    NamedParameterJdbcTemplate jdbc;

    ContainerUsageRecorded window(String tenantId, WorkspaceId workspace, String owner, Instant end, double cpu,
                                  double memory, double disk) {
        Instant start = end.minusSeconds(15);
        String container = "c-" + workspace;
        return new ContainerUsageRecorded(ContainerUsageRecorded.idOf(container, start, end), tenantId, workspace,
                owner, new NodeId("node-a"), container, start, end, cpu, memory, disk);
    }

    @Test
    void reportsContainerTimePerUserDayAndWorkspaceNextToAiTokensCountingRedeliveriesOnce() throws Exception {
        workspaceOwnedBy(bobWorkspace, "bob");
        ContainerUsageRecorded first = window(tenant, aliceWorkspace, "alice", DAY1, 10, 2, 0.001);
        send(QuerySideTest.USAGE_TOPIC, new AiUsageRecorded(UUID.randomUUID(), tenant, "alice", AiServiceId.random(),
                "gpt-4o-mini", "/v1/chat/completions", 10, 5, false, 120, 30L, "SUCCEEDED", 200, "req-1", DAY1));
        send(QuerySideTest.CONTAINER_USAGE_TOPIC, first, first,
                window(tenant, aliceWorkspace, "alice", DAY2, 5, 1, 0.002),
                window(tenant, bobWorkspace, null, DAY1, 1.5, 0.25, 0),
                window(tenant, aliceWorkspace, "alice", Instant.parse("2026-04-03T00:00:10Z"), 100, 100, 1));

        JsonNode byUser = awaitReport("groupBy=user&" + RANGE, 16.5, 1);
        assertThat(row(byUser, "alice")).containsExactly(1L, 10.0, 15.0, 3.0, 0.003);
        assertThat(row(byUser, "bob")).containsExactly(0L, 0.0, 1.5, 0.25, 0.0);

        JsonNode byDay = report("groupBy=day&" + RANGE, admin()).getBody();
        assertThat(row(byDay, "2026-04-01")).containsExactly(1L, 10.0, 11.5, 2.25, 0.001);
        assertThat(row(byDay, "2026-04-02")).containsExactly(0L, 0.0, 5.0, 1.0, 0.002);
        assertThat(byDay.get("rows")).hasSize(2);

        JsonNode byWorkspace = report("groupBy=workspace&" + RANGE, admin()).getBody();
        assertThat(row(byWorkspace, aliceWorkspace.toString())).containsExactly(0L, 0.0, 15.0, 3.0, 0.003);
        assertThat(row(byWorkspace, bobWorkspace.toString())).containsExactly(0L, 0.0, 1.5, 0.25, 0.0);
        assertThat(row(byWorkspace, "")).as("AI requests name no workspace").containsExactly(1L, 10.0, 0.0, 0.0, 0.0);

        JsonNode byModel = report("groupBy=model&" + RANGE, admin()).getBody();
        assertThat(row(byModel, "gpt-4o-mini")).containsExactly(1L, 10.0, 0.0, 0.0, 0.0);
        assertThat(row(byModel, "")).as("containers run no model").containsExactly(0L, 0.0, 16.5, 3.25, 0.003);

        ResponseEntity<String> csv = http.exchange("/api/v1/usage?groupBy=user&format=csv&" + RANGE,
                HttpMethod.GET, new HttpEntity<>(admin()), String.class);
        assertThat(csv.getBody()).isEqualTo(
                "user,requests,promptTokens,completionTokens,failed,cpuSeconds,memoryGibSeconds,diskGibHours\r\n"
                + "alice,1,10,5,0,15.000,3.000,0.003000\r\n"
                + "bob,0,0,0,0,1.500,0.250,0.000000\r\n");
    }

    @Test
    void anotherTenantsContainerUsageNeverAppears() throws Exception {
        String other = "other-" + tenant;
        WorkspaceId foreign = WorkspaceId.random();
        send(QuerySideTest.CONTAINER_USAGE_TOPIC, window(other, foreign, "mallory", DAY1, 7, 7, 7),
                window(tenant, aliceWorkspace, "alice", DAY1, 2, 0, 0));

        JsonNode mine = awaitReport("groupBy=workspace&" + RANGE, 2, 0);
        assertThat(mine.get("rows")).hasSize(1);
        assertThat(row(mine, aliceWorkspace.toString())).containsExactly(0L, 0.0, 2.0, 0.0, 0.0);
        JsonNode theirs = report("groupBy=workspace&" + RANGE, UsageReportIT.headers(other, "ORG_ADMIN")).getBody();
        assertThat(theirs.get("rows")).hasSize(1);
        assertThat(row(theirs, foreign.toString())).containsExactly(0L, 0.0, 7.0, 7.0, 7.0);
    }

    @Test
    void skipsRecordsWithoutAWindowOrWithNegativeAmountsAndKeepsConsuming() throws Exception {
        ContainerUsageRecorded good = window(tenant, aliceWorkspace, "alice", DAY1, 3, 0, 0);
        ContainerUsageRecorded negative = window(tenant, aliceWorkspace, "alice", DAY1.plusSeconds(15), -50, 0, 0);
        ContainerUsageRecorded reversed = new ContainerUsageRecorded(UUID.randomUUID(), tenant, aliceWorkspace,
                "alice", new NodeId("node-a"), "c", DAY1, DAY1.minusSeconds(1), 50, 0, 0);
        sendRaw(QuerySideTest.CONTAINER_USAGE_TOPIC, "{not json");
        send(QuerySideTest.CONTAINER_USAGE_TOPIC, negative, reversed, good);

        JsonNode byUser = awaitReport("groupBy=user&" + RANGE, 3, 0);
        assertThat(row(byUser, "alice")).containsExactly(0L, 0.0, 3.0, 0.0, 0.0);
    }

    private void workspaceOwnedBy(WorkspaceId workspace, String owner) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("""
                INSERT INTO workspace_view (tenant_id, workspace_id, name, status, owner_subject, created_at,
                    updated_at, last_sequence)
                VALUES (:tenant, :workspace, 'ws', 'STOPPED', :owner, :now, :now, 0)""",
                Map.of("tenant", tenant, "workspace", workspace.value(), "owner", owner, "now", now));
    }

    /** Waits until the report's container CPU-seconds and AI requests reach the expected totals. */
    private JsonNode awaitReport(String query, double cpuSeconds, long requests) {
        JsonNode[] body = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            body[0] = report(query, admin()).getBody();
            double cpu = 0;
            long total = 0;
            for (JsonNode row : body[0].get("rows")) {
                cpu += row.get("cpuSeconds").asDouble();
                total += row.get("requests").asLong();
            }
            return Math.abs(cpu - cpuSeconds) < 1e-9 && total == requests;
        });
        return body[0];
    }

    /** requests, promptTokens, cpuSeconds, memoryGibSeconds, diskGibHours of the row with this key. */
    private static List<Object> row(JsonNode report, String key) {
        for (JsonNode row : report.get("rows")) {
            if (row.get("key").asText().equals(key)) {
                return List.of(row.get("requests").asLong(), row.get("promptTokens").asDouble(),
                        row.get("cpuSeconds").asDouble(), row.get("memoryGibSeconds").asDouble(),
                        row.get("diskGibHours").asDouble());
            }
        }
        throw new AssertionError("no row " + key + " in " + report);
    }

    private ResponseEntity<JsonNode> report(String query, HttpHeaders headers) {
        return http.exchange("/api/v1/usage?" + query, HttpMethod.GET, new HttpEntity<>(headers), JsonNode.class);
    }

    private HttpHeaders admin() {
        return UsageReportIT.headers(tenant, "ORG_ADMIN");
    }

    private void send(String topic, Object... records) throws Exception {
        for (Object r : records) {
            sendRaw(topic, JSON.writeValueAsString(r));
        }
    }

    private void sendRaw(String topic, String value) throws Exception {
        Properties p = new Properties();
        p.putAll(TestKafka.clientProperties());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, tenant, value)).get();
        }
    }
}
