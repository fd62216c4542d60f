package io.aicockpit.gateway.audit;

import io.aicockpit.testsupport.kafka.TestKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.gateway.tenant.RateLimitSettings;
import io.aicockpit.gateway.testkit.TestIdentityFilter;
import io.aicockpit.gateway.testkit.TestTenants;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(classes = AuditTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.datasource.username=postgres",
                "spring.flyway.schemas=gateway",
                "aicockpit.gateway.rate-limit.enabled=false"})
@ContextConfiguration(initializers = AuditTestDatabase.class)
class AuditTrailIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final ObjectMapper json = new ObjectMapper();

    @Autowired
    WebTestClient web;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AuditStore store;
    @Autowired
    AuditWriter writer;

    /** One scripted request and what the trail must say about it (nothing, when {@code action} is null). */
    private record Step(HttpMethod method, String uri, String user, String roles, String deny, String bearer,
                        int status, AuditOutcome outcome, String action, String resourceType, String resourceId) {
        boolean audited() {
            return action != null;
        }
    }

    @Test
    void recordsExactlyTheAuditedRequestsOfAScriptedSequence() {
        TenantId tenant = TestTenants.register("audit", RateLimitSettings.DEFAULTS);
        String ws = UUID.randomUUID().toString();
        String forgedToken = unsignedToken(TestTenants.issuerOf(tenant));
        List<Step> script = List.of(
                new Step(HttpMethod.POST, "/api/v1/workspaces", "dev", "DEVELOPER", null, null, 200,
                        AuditOutcome.ALLOWED, "POST /api/v1/workspaces", "workspaces", null),
                new Step(HttpMethod.GET, "/api/v1/workspaces", "dev", "DEVELOPER", null, null, 200,
                        null, null, null, null),
                new Step(HttpMethod.POST, "/api/v1/workspaces/" + ws + "/start?token=s3cr3t-in-query", "dev",
                        "DEVELOPER", null, null, 200, AuditOutcome.ALLOWED, "POST /api/v1/workspaces/{id}/start",
                        "workspaces", ws),
                new Step(HttpMethod.GET, "/api/v1/workspaces/" + ws, "dev", "DEVELOPER", null, null, 200,
                        null, null, null, null),
                new Step(HttpMethod.DELETE, "/api/v1/workspaces/" + ws, "dev", "DEVELOPER", null, null, 200,
                        AuditOutcome.ALLOWED, "DELETE /api/v1/workspaces/{id}", "workspaces", ws),
                new Step(HttpMethod.POST, "/v1/chat/completions", "dev", "DEVELOPER", null, null, 200,
                        AuditOutcome.ALLOWED, "POST /v1/chat/completions", "ai", null),
                new Step(HttpMethod.GET, "/v1/models", "dev", "DEVELOPER", null, null, 200,
                        AuditOutcome.ALLOWED, "GET /v1/models", "ai", null),
                new Step(HttpMethod.PUT, "/api/v1/workspaces/" + ws, "dev", "DEVELOPER", "403", null, 403,
                        AuditOutcome.DENIED, "PUT /api/v1/workspaces/{id}", "workspaces", ws),
                new Step(HttpMethod.GET, "/api/v1/workspaces", null, null, "401", forgedToken, 401,
                        AuditOutcome.DENIED, "GET /api/v1/workspaces", "workspaces", null),
                new Step(HttpMethod.GET, "/api/v1/workspaces", "dev", "DEVELOPER", "429", null, 429,
                        AuditOutcome.DENIED, "GET /api/v1/workspaces", "workspaces", null),
                new Step(HttpMethod.POST, "/api/v1/boom", "dev", "DEVELOPER", null, null, 500,
                        AuditOutcome.FAILED, "POST /api/v1/boom", "boom", null),
                new Step(HttpMethod.GET, "/api/v1/audit?limit=1", "eve", "AUDITOR", null, null, 200,
                        AuditOutcome.ALLOWED, "GET /api/v1/audit", "audit", null),
                new Step(HttpMethod.GET, "/actuator/health", "dev", "DEVELOPER", null, null, 200,
                        null, null, null, null));
        String longAgent = "agent/" + "x".repeat(400);
        Map<String, Step> byRequestId = new HashMap<>();

        for (int i = 0; i < script.size(); i++) {
            Step step = script.get(i);
            String requestId = "it-" + i + "-" + UUID.randomUUID();
            byRequestId.put(requestId, step);
            WebTestClient.RequestBodySpec request = web.method(step.method()).uri(step.uri())
                    .header("X-Request-Id", requestId)
                    .header(HttpHeaders.USER_AGENT, i == 0 ? longAgent : "audit-it");
            if (step.user() != null) {
                request.header(TestIdentityFilter.TENANT, tenant.value())
                        .header(TestIdentityFilter.USER, step.user())
                        .header(TestIdentityFilter.ROLES, step.roles());
            }
            if (step.deny() != null) {
                request.header(TestIdentityFilter.DENY, step.deny());
            }
            if (step.bearer() != null) {
                request.header(HttpHeaders.AUTHORIZATION, "Bearer " + step.bearer());
            }
            request.exchange().expectStatus().isEqualTo(step.status());
        }

        long expected = script.stream().filter(Step::audited).count();
        List<AuditRecord> records = awaitRecords(tenant, expected);
        assertThat(records).hasSize((int) expected);
        assertThat(records).extracting(AuditRecord::seq)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, expected).boxed().toList());
        for (AuditRecord record : records) {
            Step step = byRequestId.get(record.requestId());
            assertThat(step).as("record %s belongs to an audited step", record.requestId()).isNotNull();
            assertThat(step.audited()).isTrue();
            assertThat(record.tenantId()).isEqualTo(tenant.value());
            assertThat(record.action()).isEqualTo(step.action());
            assertThat(record.resourceType()).isEqualTo(step.resourceType());
            assertThat(record.resourceId()).isEqualTo(step.resourceId());
            assertThat(record.outcome()).isEqualTo(step.outcome());
            assertThat(record.status()).isEqualTo(step.status());
            assertThat(record.actorSubject()).isEqualTo(step.user());
            assertThat(record.actorType()).isEqualTo(step.user() == null ? "ANONYMOUS" : "USER");
            assertThat(record.actorName()).isEqualTo(step.user() == null ? null : "Name of " + step.user());
            assertThat(record.clientIp()).isEqualTo("127.0.0.1");
            assertThat(record.userAgent()).isIn("audit-it", longAgent.substring(0, 256));
            assertThat(record.toString()).doesNotContain("s3cr3t", forgedToken, "token=");
        }
        assertThat(records).filteredOn(r -> r.action().equals("POST /api/v1/workspaces"))
                .singleElement().extracting(AuditRecord::userAgent).isEqualTo(longAgent.substring(0, 256));

        JsonNode verification = get("/api/v1/audit/verify", tenant, "AUDITOR");
        assertThat(verification.get("intact").asBoolean()).isTrue();
        assertThat(verification.get("records").asLong()).isEqualTo(expected);
        assertThat(verification.get("firstBrokenSeq").isNull()).isTrue();

        List<ConsumerRecord<String, String>> published = consume(AuditPublisher.topic(tenant.value()), expected);
        assertThat(published).extracting(ConsumerRecord::key).containsOnly(tenant.value());
        Set<String> publishedIds = published.stream().map(r -> readTree(r.value()))
                .peek(event -> assertThat(event.get("type").asText()).isEqualTo("io.aicockpit.audit.recorded.v1"))
                .map(event -> event.get("data").get("id").asText()).collect(Collectors.toSet());
        assertThat(publishedIds).containsAll(records.stream().map(r -> r.id().toString()).toList());
    }

    @Test
    void databaseRefusesUpdateDeleteAndTruncate() {
        TenantId tenant = TestTenants.register("audit", RateLimitSettings.DEFAULTS);
        post(tenant, "/api/v1/workspaces");
        awaitRecords(tenant, 1);

        assertThatThrownBy(() -> jdbc.update("UPDATE gateway.audit_record SET action = 'x' WHERE tenant_id = ?",
                tenant.value())).rootCause().hasMessageContaining("audit_record is append-only: UPDATE refused");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM gateway.audit_record WHERE tenant_id = ?",
                tenant.value())).rootCause().hasMessageContaining("audit_record is append-only: DELETE refused");
        assertThatThrownBy(() -> jdbc.execute("TRUNCATE gateway.audit_record"))
                .rootCause().hasMessageContaining("audit_record is append-only: TRUNCATE refused");
        assertThat(records(tenant)).hasSize(1);
    }

    @Test
    void verifyFindsTheRecordASuperuserChangedBehindTheTriggersBack() throws Exception {
        TenantId tenant = TestTenants.register("audit", RateLimitSettings.DEFAULTS);
        for (int i = 0; i < 3; i++) {
            post(tenant, "/api/v1/workspaces");
        }
        awaitRecords(tenant, 3);
        try (Connection superuser = AuditTestDatabase.connect();
             Statement session = superuser.createStatement();
             PreparedStatement forge = superuser.prepareStatement(
                     "UPDATE gateway.audit_record SET action = 'GET /api/v1/nothing' WHERE tenant_id = ? AND seq = 2")) {
            session.execute("SET session_replication_role = replica");
            forge.setString(1, tenant.value());
            assertThat(forge.executeUpdate()).isOne();
        }

        JsonNode verification = get("/api/v1/audit/verify", tenant, "ORG_ADMIN");

        assertThat(verification.get("intact").asBoolean()).isFalse();
        assertThat(verification.get("firstBrokenSeq").asLong()).isEqualTo(2);
        assertThat(verification.get("reason").asText()).contains("does not match its hash");
    }

    @Test
    void verifiesDetailsReadBackInJsonbsOwnKeyOrderAndNumberForm() {
        TenantId tenant = TestTenants.register("audit", RateLimitSettings.DEFAULTS);
        String tricky = detail("{\"b\": 1.50, \"aa\": [1e2, 0.000001, 12345678901234567890123, -0.0],"
                + " \"c\": {\"\\u00e9\": \"gr\\u00fc\\u00df \\\"q\\\" \\n\\u0007 \\ud83d\\ude00\", \"a\": null}}");
        assertThat(tricky).isEqualTo("{\"aa\":[100,0.000001,12345678901234567890123,0],\"b\":1.5,"
                + "\"c\":{\"a\":null,\"\u00e9\":\"gr\u00fc\u00df \\\"q\\\" \\n\\u0007 \ud83d\ude00\"}}");
        List<String> details = java.util.Arrays.asList(null, tricky, "{}", null, detail("[\"not an object\"]"));
        for (int i = 0; i < details.size(); i++) {
            writer.offer(record(tenant, i, details.get(i)));
        }

        List<AuditRecord> stored = awaitRecords(tenant, details.size());

        assertThat(stored).extracting(AuditRecord::detail).containsExactly(null, tricky, "{}", null,
                "{\"invalid\":true,\"reason\":\"not-an-object\"}");
        assertThat(jdbc.queryForObject("SELECT detail::text FROM gateway.audit_record WHERE tenant_id = ? AND seq = 2",
                String.class, tenant.value())).startsWith("{\"b\": 1.5, \"c\": {");
        JsonNode verification = get("/api/v1/audit/verify", tenant, "AUDITOR");
        assertThat(verification.get("intact").asBoolean()).as(verification.toString()).isTrue();
        JsonNode items = get("/api/v1/audit", tenant, "AUDITOR").get("items");
        assertThat(items.get(items.size() - 2).get("detail")).isEqualTo(readTree(tricky));
        assertThat(items.get(items.size() - 1).get("detail").isNull()).isTrue();
    }

    @Test
    void verifyFindsADetailASuperuserChangedBehindTheTriggersBack() throws Exception {
        TenantId tenant = TestTenants.register("audit", RateLimitSettings.DEFAULTS);
        for (int i = 1; i <= 3; i++) {
            writer.offer(record(tenant, i, detail("{\"command\":\"rm -rf /tmp/x\",\"exitCode\":" + i + "}")));
        }
        awaitRecords(tenant, 3);
        assertThat(get("/api/v1/audit/verify", tenant, "AUDITOR").get("intact").asBoolean()).isTrue();
        try (Connection superuser = AuditTestDatabase.connect();
             Statement session = superuser.createStatement();
             PreparedStatement forge = superuser.prepareStatement("UPDATE gateway.audit_record"
                     + " SET detail = jsonb_set(detail, '{command}', '\"ls\"') WHERE tenant_id = ? AND seq = 2")) {
            session.execute("SET session_replication_role = replica");
            forge.setString(1, tenant.value());
            assertThat(forge.executeUpdate()).isOne();
        }

        JsonNode verification = get("/api/v1/audit/verify", tenant, "AUDITOR");

        assertThat(verification.get("intact").asBoolean()).isFalse();
        assertThat(verification.get("firstBrokenSeq").asLong()).isEqualTo(2);
        assertThat(verification.get("reason").asText()).contains("does not match its hash");
    }

    @Test
    void listsNewestFirstWithCursorsAndFilters() {
        TenantId tenant = TestTenants.register("audit", RateLimitSettings.DEFAULTS);
        for (int i = 1; i <= 5; i++) {
            send(HttpMethod.POST, "/api/v1/workspaces", tenant, "user-" + i, "DEVELOPER", null);
        }
        send(HttpMethod.PUT, "/api/v1/workspaces/w1", tenant, "user-1", "DEVELOPER", "403");
        awaitRecords(tenant, 6);

        List<Long> seqs = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = get("/api/v1/audit?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), tenant,
                    "AUDITOR");
            page.get("items").forEach(item -> seqs.add(item.get("seq").asLong()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            pages++;
        } while (cursor != null);
        assertThat(seqs).containsExactly(6L, 5L, 4L, 3L, 2L, 1L);
        assertThat(pages).isEqualTo(3);

        JsonNode denied = get("/api/v1/audit?outcome=denied", tenant, "AUDITOR");
        assertThat(denied.get("items")).hasSize(1);
        assertThat(denied.get("items").get(0).get("action").asText()).isEqualTo("PUT /api/v1/workspaces/{id}");
        assertThat(denied.get("items").get(0).get("actor").get("subject").asText()).isEqualTo("user-1");
        assertThat(get("/api/v1/audit?actor=user-3&action=POST /api/v1/workspaces&resourceType=workspaces",
                tenant, "AUDITOR").get("items")).hasSize(1);
        assertThat(get("/api/v1/audit?resourceId=w1", tenant, "AUDITOR").get("items")).hasSize(1);
        assertThat(get("/api/v1/audit?from=2999-01-01T00:00:00Z", tenant, "AUDITOR").get("items")).isEmpty();
        assertThat(get("/api/v1/audit?to=" + Instant.now().plusSeconds(60), tenant, "AUDITOR").get("items"))
                .hasSizeGreaterThanOrEqualTo(6);

        TenantId other = TestTenants.register("audit", RateLimitSettings.DEFAULTS);
        assertThat(get("/api/v1/audit?limit=500", other, "ORG_ADMIN").get("items")).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void refusesInvalidFiltersWithAProblemNamingEachParameter() {
        TenantId tenant = TestTenants.register("audit", RateLimitSettings.DEFAULTS);

        web.get().uri("/api/v1/audit?outcome=MAYBE&limit=0&from=yesterday&cursor=bm9wZQ")
                .header(TestIdentityFilter.TENANT, tenant.value()).header(TestIdentityFilter.USER, "eve")
                .header(TestIdentityFilter.ROLES, "AUDITOR").header("X-Request-Id", "bad-filter-1")
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:aicockpit:problem:invalid-audit-filter")
                .jsonPath("$.requestId").isEqualTo("bad-filter-1")
                .jsonPath("$.errors[*].field").value(fields -> assertThat((List<Object>) fields)
                        .containsExactlyInAnyOrder("outcome", "limit", "from", "cursor"));
        web.get().uri("/api/v1/audit/export?format=xml")
                .header(TestIdentityFilter.TENANT, tenant.value()).header(TestIdentityFilter.USER, "eve")
                .header(TestIdentityFilter.ROLES, "AUDITOR")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("format");
    }

    @Test
    void refusesCallersWithoutAnAuditRole() {
        TenantId tenant = TestTenants.register("audit", RateLimitSettings.DEFAULTS);

        web.get().uri("/api/v1/audit")
                .header(TestIdentityFilter.TENANT, tenant.value()).header(TestIdentityFilter.USER, "dev")
                .header(TestIdentityFilter.ROLES, "DEVELOPER")
                .exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.type").isEqualTo("urn:aicockpit:problem:forbidden");
    }

    @Test
    void exportsCsvWithEscapingAndJsonWithEveryMatchingRecord() throws Exception {
        TenantId tenant = TestTenants.register("audit", RateLimitSettings.DEFAULTS);
        String hostileAgent = "=cmd|' /C calc'!A0, \"quoted\"";
        web.post().uri("/api/v1/workspaces")
                .header(TestIdentityFilter.TENANT, tenant.value()).header(TestIdentityFilter.USER, "dev")
                .header(TestIdentityFilter.ROLES, "DEVELOPER").header(HttpHeaders.USER_AGENT, hostileAgent)
                .exchange().expectStatus().isOk();
        for (int i = 0; i < 3; i++) {
            post(tenant, "/api/v1/workspaces");
        }
        awaitRecords(tenant, 4);

        String csv = web.get().uri("/api/v1/audit/export?format=csv&action=POST /api/v1/workspaces")
                .header(TestIdentityFilter.TENANT, tenant.value()).header(TestIdentityFilter.USER, "eve")
                .header(TestIdentityFilter.ROLES, "AUDITOR")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(new MediaType("text", "csv"))
                .expectHeader().valueMatches(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-.*\\.csv\"")
                .expectBody(String.class).returnResult().getResponseBody();
        List<String> lines = List.of(csv.split("\r\n"));
        assertThat(lines).hasSize(5);
        assertThat(lines.getFirst()).isEqualTo(AuditCsv.HEADER.strip());
        assertThat(lines.getLast()).contains(",\"'=cmd|' /C calc'!A0, \"\"quoted\"\"\",");
        assertThat(lines.getLast()).startsWith(records(tenant).getFirst().id() + ",1,");
        awaitRecords(tenant, 5);

        byte[] exported = web.get().uri("/api/v1/audit/export?format=json")
                .header(TestIdentityFilter.TENANT, tenant.value()).header(TestIdentityFilter.USER, "eve")
                .header(TestIdentityFilter.ROLES, "AUDITOR")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody().returnResult().getResponseBody();
        JsonNode array = json.readTree(exported);
        assertThat(array.isArray()).isTrue();
        // The CSV export was an audit read, so it is in the trail now too.
        assertThat(array).hasSize(5);
        assertThat(array.get(0).get("action").asText()).isEqualTo("GET /api/v1/audit/export");
        assertThat(array.get(4).get("userAgent").asText()).isEqualTo(hostileAgent);
    }

    @Test
    void cleanShutdownDrainsTheQueueIntoTheDatabase() throws Exception {
        ConfigurableApplicationContext second = new SpringApplicationBuilder(AuditTestApp.class)
                .initializers(new AuditTestDatabase())
                .run("--server.port=0", "--spring.datasource.url=" + AuditTestDatabase.URL,
                        "--spring.datasource.username=postgres", "--spring.flyway.schemas=gateway",
                        "--spring.kafka.bootstrap-servers=" + TestKafka.bootstrap(),
                        "--aicockpit.gateway.rate-limit.enabled=false");
        AuditWriter secondWriter = second.getBean(AuditWriter.class);
        TenantId tenant = TestTenants.register("drain", RateLimitSettings.DEFAULTS);
        secondWriter.offer(record(tenant, 0));
        awaitRecords(tenant, 1);
        int queued = 1000;

        CompletableFuture<Void> closed;
        try (Connection blocker = AuditTestDatabase.connect();
             PreparedStatement lock = blocker.prepareStatement(
                     "SELECT seq FROM gateway.audit_chain_head WHERE tenant_id = ? FOR UPDATE")) {
            // Hold the tenant's chain head so the writer cannot commit while the queue fills and the context closes.
            blocker.setAutoCommit(false);
            lock.setString(1, tenant.value());
            lock.executeQuery().close();
            for (int i = 1; i <= queued; i++) {
                assertThat(secondWriter.offer(record(tenant, i))).isTrue();
            }
            assertThat(secondWriter.queued()).isGreaterThanOrEqualTo(queued - 200);
            closed = CompletableFuture.runAsync(second::close);
            await().atMost(WAIT).until(() -> !secondWriter.isRunning());
            assertThat(secondWriter.queued()).isGreaterThanOrEqualTo(queued - 200);
            blocker.rollback();
        }
        closed.get(60, TimeUnit.SECONDS);

        assertThat(second.isActive()).isFalse();
        assertThat(records(tenant)).hasSize(queued + 1);
        assertThat(store.existing(List.of(record(tenant, 0)))).isEmpty();
    }

    @Test
    void aVerificationReadsRecordsAndHeadOnOneSnapshotWhileWritersAppend() throws Exception {
        TenantId tenant = new TenantId("snap-" + UUID.randomUUID().toString().substring(0, 8));
        store.append(List.of(record(tenant, 1)));

        long[] seen = store.onOneSnapshot(() -> {
            long before = store.head(tenant.value()).seq();
            // another connection appends and commits while this snapshot is open, as an audited read does
            CompletableFuture.runAsync(() -> store.append(List.of(record(tenant, 2)))).join();
            List<AuditRecord> records = new java.util.ArrayList<>();
            store.chain(tenant.value(), 0, 100, records::add);
            return new long[] {before, store.head(tenant.value()).seq(), records.size()};
        });

        assertThat(seen).containsExactly(1, 1, 1);
        assertThat(store.head(tenant.value()).seq()).isEqualTo(2);
    }

    private static AuditRecord record(TenantId tenant, int i) {
        return record(tenant, i, null);
    }

    private static AuditRecord record(TenantId tenant, int i, String detail) {
        return AuditRecord.unchained(UUID.randomUUID(), tenant.value(), Instant.now(), "dev", "Dev", "USER",
                "127.0.0.1", "drain-test", "POST /api/v1/workspaces", "workspaces", null, AuditOutcome.ALLOWED,
                200, "drain-" + i, detail);
    }

    /** The detail a service would send as {@code json}, as the gateway records it. */
    private static String detail(String json) {
        return AuditDetail.fromHeader(List.of(json)).canonical();
    }

    private void post(TenantId tenant, String uri) {
        send(HttpMethod.POST, uri, tenant, "dev", "DEVELOPER", null);
    }

    private void send(HttpMethod method, String uri, TenantId tenant, String user, String roles, String deny) {
        WebTestClient.RequestBodySpec request = web.method(method).uri(uri)
                .header(TestIdentityFilter.TENANT, tenant.value())
                .header(TestIdentityFilter.USER, user)
                .header(TestIdentityFilter.ROLES, roles);
        if (deny != null) {
            request.header(TestIdentityFilter.DENY, deny);
        }
        request.exchange().expectBody().returnResult();
    }

    private JsonNode get(String uri, TenantId tenant, String role) {
        byte[] body = web.get().uri(uri)
                .header(TestIdentityFilter.TENANT, tenant.value())
                .header(TestIdentityFilter.USER, "reader")
                .header(TestIdentityFilter.ROLES, role)
                .exchange()
                .expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        return readTree(new String(body, StandardCharsets.UTF_8));
    }

    private List<AuditRecord> records(TenantId tenant) {
        List<AuditRecord> records = new ArrayList<>();
        store.chain(tenant.value(), 0, 100_000, records::add);
        return records;
    }

    private List<AuditRecord> awaitRecords(TenantId tenant, long count) {
        return await().atMost(WAIT).until(() -> records(tenant), records -> records.size() >= count);
    }

    private List<ConsumerRecord<String, String>> consume(String topic, long count) {
        Properties properties = new Properties();
        properties.putAll(TestKafka.clientProperties());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "audit-it-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return received.size() >= count;
            });
        }
        return received;
    }

    private JsonNode readTree(String text) {
        try {
            return json.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String unsignedToken(String issuer) {
        Function<String, String> encode = text -> Base64.getUrlEncoder().withoutPadding()
                .encodeToString(text.getBytes(StandardCharsets.UTF_8));
        return encode.apply("{\"alg\":\"none\"}") + "." + encode.apply("{\"iss\":\"" + issuer
                + "\",\"sub\":\"mallory\"}") + ".c2ln";
    }
}
