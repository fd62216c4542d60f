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
import io.aicockpit.coreapi.identity.InternalIdentity;
import io.aicockpit.coreapi.usage.AiUsageRecorded;
import io.aicockpit.query.QuerySideTest;
import io.aicockpit.support.identity.TestIdentityTokens;
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

@QuerySideTest
class UsageReportIT {
    static final Instant DAY1 = Instant.parse("2026-04-01T10:00:00Z");
    static final Instant DAY2 = Instant.parse("2026-04-02T23:59:00Z");
    static final String RANGE = "from=2026-04-01&to=2026-04-03";
    static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private final String tenant = "usage-" + Long.toString(System.nanoTime(), 36);
    private final AiServiceId service = AiServiceId.random();

    @Autowired
    TestRestTemplate http;

    AiUsageRecorded record(String user, String model, long prompt, long completion, String outcome, Instant at) {
        return new AiUsageRecorded(UUID.randomUUID(), tenant, user, service, model, "/v1/chat/completions", prompt,
                completion, false, 120, 30L, outcome, outcome.equals("SUCCEEDED") ? 200 : 502, "req-1", at);
    }

    @Test
    void reportsUsageByDayUserAndModelCountingRedeliveriesOnce() throws Exception {
        AiUsageRecorded first = record("alice", "gpt-4o-mini", 10, 5, "SUCCEEDED", DAY1);
        send(List.of(first, first,
                record("bob", "gpt-4o-mini", 20, 0, "FAILED", DAY1),
                record("alice", "llama3", 7, 3, "SUCCEEDED", DAY2),
                record("alice", "llama3", 1, 1, "SUCCEEDED", Instant.parse("2026-04-03T00:00:00Z"))));

        JsonNode byDay = awaitRows("groupBy=day&" + RANGE, 2, 3);
        assertThat(row(byDay, "2026-04-01")).isEqualTo(Map.of("requests", 2L, "promptTokens", 30L,
                "completionTokens", 5L, "failed", 1L));
        assertThat(row(byDay, "2026-04-02")).isEqualTo(Map.of("requests", 1L, "promptTokens", 7L,
                "completionTokens", 3L, "failed", 0L));
        assertThat(byDay.get("from").asText()).isEqualTo("2026-04-01T00:00:00Z");
        assertThat(byDay.get("to").asText()).isEqualTo("2026-04-03T00:00:00Z");

        JsonNode byUser = report("groupBy=user&" + RANGE, admin()).getBody();
        assertThat(row(byUser, "alice").get("requests")).isEqualTo(2L);
        assertThat(row(byUser, "bob").get("failed")).isEqualTo(1L);
        JsonNode byModel = report("groupBy=model&" + RANGE, admin()).getBody();
        assertThat(row(byModel, "gpt-4o-mini").get("promptTokens")).isEqualTo(30L);
        assertThat(row(byModel, "llama3").get("completionTokens")).isEqualTo(3L);

        ResponseEntity<String> csv = http.exchange("/api/v1/usage?groupBy=model&format=csv&" + RANGE,
                HttpMethod.GET, new HttpEntity<>(admin()), String.class);
        assertThat(csv.getHeaders().getContentType().toString()).startsWith("text/csv");
        assertThat(csv.getBody()).isEqualTo(
                "model,requests,promptTokens,completionTokens,failed,cpuSeconds,memoryGibSeconds,diskGibHours\r\n"
                + "gpt-4o-mini,2,30,5,1,0.000,0.000,0.000000\r\n" + "llama3,1,7,3,0,0.000,0.000,0.000000\r\n");
    }

    @Test
    void auditorsReadUsageDevelopersDoNotAndOtherTenantsSeeNothing() throws Exception {
        send(List.of(record("alice", "gpt-4o-mini", 10, 5, "SUCCEEDED", DAY1)));
        awaitRows("groupBy=user&" + RANGE, 1, 1);

        assertThat(report("groupBy=user&" + RANGE, headers(tenant, "AUDITOR")).getBody().get("rows")).hasSize(1);
        ResponseEntity<JsonNode> developer = report(RANGE, headers(tenant, "DEVELOPER"));
        assertThat(developer.getStatusCode().value()).isEqualTo(403);
        assertThat(developer.getBody().get("type").asText()).isEqualTo("urn:aicockpit:problem:forbidden");
        assertThat(report("groupBy=user&" + RANGE, headers("other-" + tenant, "ORG_ADMIN")).getBody().get("rows"))
                .isEmpty();
    }

    @Test
    void refusesUnknownGroupingAndReversedRanges() {
        assertThat(report("groupBy=service", admin()).getStatusCode().value()).isEqualTo(400);
        assertThat(report("from=2026-04-03&to=2026-04-01", admin()).getStatusCode().value()).isEqualTo(400);
        assertThat(report("from=yesterday", admin()).getStatusCode().value()).isEqualTo(400);
    }

    @Test
    void defusesFormulasInCsvCells() {
        assertThat(UsageReportController.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(UsageReportController.cell("alice")).isEqualTo("alice");
    }

    private JsonNode awaitRows(String query, int rows, long requests) {
        JsonNode[] body = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            body[0] = report(query, admin()).getBody();
            long total = 0;
            for (JsonNode row : body[0].get("rows")) {
                total += row.get("requests").asLong();
            }
            return body[0].get("rows").size() == rows && total == requests;
        });
        return body[0];
    }

    private static Map<String, Long> row(JsonNode report, String key) {
        for (JsonNode row : report.get("rows")) {
            if (row.get("key").asText().equals(key)) {
                return Map.of("requests", row.get("requests").asLong(), "promptTokens",
                        row.get("promptTokens").asLong(), "completionTokens", row.get("completionTokens").asLong(),
                        "failed", row.get("failed").asLong());
            }
        }
        throw new AssertionError("no row " + key + " in " + report);
    }

    private ResponseEntity<JsonNode> report(String query, HttpHeaders headers) {
        return http.exchange("/api/v1/usage?" + query, HttpMethod.GET, new HttpEntity<>(headers), JsonNode.class);
    }

    private HttpHeaders admin() {
        return headers(tenant, "ORG_ADMIN");
    }

    static HttpHeaders headers(String tenant, String role) {
        HttpHeaders h = new HttpHeaders();
        h.set(InternalIdentity.HEADER, TestIdentityTokens.token(tenant, "ada", role));
        return h;
    }

    private void send(List<AiUsageRecorded> records) throws Exception {
        Properties p = new Properties();
        p.putAll(TestKafka.clientProperties());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            for (AiUsageRecorded r : records) {
                producer.send(new ProducerRecord<>(QuerySideTest.USAGE_TOPIC, tenant, JSON.writeValueAsString(r))).get();
            }
        }
    }
}
