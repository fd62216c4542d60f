package io.aicockpit.gateway;

import io.aicockpit.testsupport.kafka.TestKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.FluxExchangeResult;

/**
 * A service behind the real gateway adds a detail to the audit record of a request with the
 * {@code X-AiCockpit-Audit-Detail} response header: the client never sees the header, the record keeps the detail
 * (chain intact) and every view of the trail shows it; clients cannot send one themselves.
 */
class AuditDetailIT extends GatewayIT {
    private static final String HEADER = "X-AiCockpit-Audit-Detail";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final ObjectMapper json = new ObjectMapper();
    private String tenant;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void tenantWithDeveloperAndAuditor() {
        tenant = newTenant("detail");
        registerMockTenant(tenant, Map.of("dev", "DEVELOPER", "audit", "AUDITOR"));
        TestIdp.grant(tenant, "dave", "dev");
        TestIdp.grant(tenant, "aude", "audit");
    }

    @Test
    void recordsTheDetailAServiceAddedAndHidesItFromTheClient() throws IOException {
        String workspace = UUID.randomUUID().toString();
        String path = "/api/v1/workspaces/" + workspace + "/ai/commands/run";
        String detail = "{\"command\": \"rm -rf build && ./gradlew test\", \"exitCode\": 0,"
                + " \"note\": \"grüß \\\"quoted\\\", =formula\", \"durationMs\": 1.50e3}";
        String canonical = "{\"command\":\"rm -rf build && ./gradlew test\",\"durationMs\":1500,\"exitCode\":0,"
                + "\"note\":\"grüß \\\"quoted\\\", =formula\"}";
        AI_WORKER.answer(path, EchoServer.Answer.json(200, Map.of(HEADER, encode(detail))));
        String requestId = "detail-" + UUID.randomUUID();

        web.post().uri(path).headers(h -> {
            h.setBearerAuth(TestIdp.passwordToken(tenant, "dave"));
            h.set("X-Request-Id", requestId);
        }).exchange()
                .expectStatus().isOk()
                .expectHeader().doesNotExist(HEADER)
                .expectBody().jsonPath("$.scripted").isEqualTo(true);

        JsonNode item = awaitItem(workspace);
        assertThat(item.get("requestId").asText()).isEqualTo(requestId);
        assertThat(item.get("detail")).isEqualTo(json.readTree(canonical));
        assertThat(jdbc.queryForObject("SELECT detail = CAST(? AS jsonb) FROM gateway.audit_record"
                + " WHERE request_id = ?", Boolean.class, canonical, requestId)).isTrue();
        JsonNode verification = auditorGet("/api/v1/audit/verify");
        assertThat(verification.get("intact").asBoolean()).as(verification.toString()).isTrue();

        String csv = auditorGetText("/api/v1/audit/export?format=csv&resourceId=" + workspace);
        List<String> lines = List.of(csv.split("\r\n"));
        assertThat(lines.getFirst()).endsWith(",prevHash,hash,detail");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).endsWith("," + item.get("hash").asText() + ",\""
                + canonical.replace("\"", "\"\"") + "\"");
        JsonNode exported = json.readTree(auditorGetText("/api/v1/audit/export?format=json&resourceId=" + workspace));
        assertThat(exported.get(0).get("detail")).isEqualTo(json.readTree(canonical));

        JsonNode event = awaitPublished(requestId);
        assertThat(event.get("data").get("detail")).isEqualTo(json.readTree(canonical));
        assertThat(event.get("data").get("hash").asText()).isEqualTo(item.get("hash").asText());
    }

    @Test
    void doesNotForwardADetailTheClientSent() {
        String workspace = UUID.randomUUID().toString();
        COMMAND_SIDE.clear();

        web.post().uri("/api/v1/workspaces/" + workspace + "/start").headers(h -> {
            h.setBearerAuth(TestIdp.passwordToken(tenant, "dave"));
            h.set(HEADER, encode("{\"command\":\"forged\",\"exitCode\":0}"));
        }).exchange().expectStatus().isOk();

        assertThat(COMMAND_SIDE.last().header(HEADER)).isNull();
        JsonNode item = awaitItem(workspace);
        assertThat(item.get("action").asText()).isEqualTo("POST /api/v1/workspaces/{id}/start");
        assertThat(item.get("detail").isNull()).isTrue();
    }

    @Test
    void recordsAnInvalidMarkerForAnOversizeOrMalformedDetailAndStillAnswers() {
        String oversize = UUID.randomUUID().toString();
        String notAnObject = UUID.randomUUID().toString();
        String notJson = UUID.randomUUID().toString();
        COMMAND_SIDE.answer("/api/v1/workspaces/" + oversize + "/stop", EchoServer.Answer.json(200,
                Map.of(HEADER, encode("{\"output\":\"" + "x".repeat(2048) + "\"}"))));
        COMMAND_SIDE.answer("/api/v1/workspaces/" + notAnObject + "/stop", EchoServer.Answer.json(200,
                Map.of(HEADER, encode("[\"rm\",\"-rf\"]"))));
        COMMAND_SIDE.answer("/api/v1/workspaces/" + notJson + "/stop", EchoServer.Answer.json(200,
                Map.of(HEADER, "{\"command\":rm -rf}")));

        for (String workspace : List.of(oversize, notAnObject, notJson)) {
            web.post().uri("/api/v1/workspaces/" + workspace + "/stop")
                    .headers(h -> h.setBearerAuth(TestIdp.passwordToken(tenant, "dave"))).exchange()
                    .expectStatus().isOk()
                    .expectHeader().doesNotExist(HEADER)
                    .expectBody().jsonPath("$.scripted").isEqualTo(true);
        }

        assertThat(awaitItem(oversize).get("detail").toString())
                .isEqualTo("{\"invalid\":true,\"reason\":\"too-large\"}");
        assertThat(awaitItem(notAnObject).get("detail").toString())
                .isEqualTo("{\"invalid\":true,\"reason\":\"not-an-object\"}");
        assertThat(awaitItem(notJson).get("detail").toString())
                .isEqualTo("{\"invalid\":true,\"reason\":\"not-json\"}");
        assertThat(auditorGet("/api/v1/audit/verify").get("intact").asBoolean()).isTrue();
    }

    @Test
    void hidesTheDetailOfAStreamedAnswerBeforeItsBodyEnds() {
        String workspace = UUID.randomUUID().toString();
        String path = "/api/v1/workspaces/" + workspace + "/ai/chat";
        CountDownLatch releaseLast = new CountDownLatch(1);
        AI_WORKER.answer(path, new EchoServer.Answer(200, Map.of(HEADER, encode("{\"streamed\":true}")),
                "text/event-stream", List.of("data: one\n\n", "data: two\n\n"), releaseLast));

        FluxExchangeResult<String> result = web.post().uri(path).accept(MediaType.TEXT_EVENT_STREAM)
                .headers(h -> h.setBearerAuth(TestIdp.passwordToken(tenant, "dave"))).exchange()
                .expectStatus().isOk()
                .returnResult(String.class);
        // The response head has arrived while the service still holds back its last event.
        assertThat(result.getResponseHeaders().getContentType().isCompatibleWith(MediaType.TEXT_EVENT_STREAM))
                .isTrue();
        assertThat(result.getResponseHeaders().containsKey(HEADER)).isFalse();
        releaseLast.countDown();

        assertThat(result.getResponseBody().collectList().block(WAIT)).containsExactly("one", "two");
        assertThat(awaitItem(workspace).get("detail").toString()).isEqualTo("{\"streamed\":true}");
    }

    @Test
    void hidesTheDetailOfAnErrorAnswerAndRecordsIt() {
        String workspace = UUID.randomUUID().toString();
        String path = "/api/v1/workspaces/" + workspace + "/ai/commands/run";
        AI_WORKER.answer(path, EchoServer.Answer.json(409, Map.of(HEADER, encode("{\"command\":\"make\","
                + "\"exitCode\":2}"))));

        web.post().uri(path).headers(h -> h.setBearerAuth(TestIdp.passwordToken(tenant, "dave"))).exchange()
                .expectStatus().isEqualTo(409)
                .expectHeader().doesNotExist(HEADER);

        JsonNode item = awaitItem(workspace);
        assertThat(item.get("outcome").asText()).isEqualTo("FAILED");
        assertThat(item.get("detail").toString()).isEqualTo("{\"command\":\"make\",\"exitCode\":2}");
    }

    @Test
    void auditsAReadThatAServiceAddedADetailTo() {
        String workspace = UUID.randomUUID().toString();
        QUERY_SIDE.answer("/api/v1/workspaces/" + workspace, EchoServer.Answer.json(200,
                Map.of(HEADER, encode("{\"viewed\":\"secrets\"}"))));
        String unaudited = UUID.randomUUID().toString();

        for (String id : List.of(workspace, unaudited)) {
            web.get().uri("/api/v1/workspaces/" + id)
                    .headers(h -> h.setBearerAuth(TestIdp.passwordToken(tenant, "dave"))).exchange()
                    .expectStatus().isOk()
                    .expectHeader().doesNotExist(HEADER);
        }

        JsonNode item = awaitItem(workspace);
        assertThat(item.get("action").asText()).isEqualTo("GET /api/v1/workspaces/{id}");
        assertThat(item.get("detail").toString()).isEqualTo("{\"viewed\":\"secrets\"}");
        assertThat(auditorGet("/api/v1/audit?resourceId=" + unaudited).get("items")).isEmpty();
    }

    /** The header value a service sends: the JSON text with every non-ASCII character as a JSON escape. */
    private static String encode(String detail) {
        StringBuilder ascii = new StringBuilder(detail.length());
        detail.chars().forEach(c -> ascii.append(c < 0x7F ? String.valueOf((char) c)
                : String.format("\\u%04x", c)));
        return ascii.toString();
    }

    /** The one record of the tenant about {@code workspace}, once the writer stored it. */
    private JsonNode awaitItem(String workspace) {
        return await().atMost(WAIT).until(() -> auditorGet("/api/v1/audit?resourceId=" + workspace).get("items"),
                items -> items.size() == 1).get(0);
    }

    private JsonNode auditorGet(String uri) {
        try {
            return json.readTree(auditorGetText(uri));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String auditorGetText(String uri) {
        byte[] body = web.get().uri(uri).headers(h -> h.setBearerAuth(TestIdp.passwordToken(tenant, "aude")))
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The tenant's audit CloudEvent for {@code requestId}; the topic may hold events of earlier runs. */
    private JsonNode awaitPublished(String requestId) {
        Properties properties = new Properties();
        properties.putAll(TestKafka.clientProperties());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "audit-detail-it-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<JsonNode> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
            consumer.subscribe(List.of("aicockpit.tenant." + tenant + ".audit"));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode event = json.readTree(record.value());
                    if (requestId.equals(event.get("data").get("requestId").asText())) {
                        events.add(event);
                    }
                }
                return !events.isEmpty();
            });
        }
        return events.getFirst();
    }
}
