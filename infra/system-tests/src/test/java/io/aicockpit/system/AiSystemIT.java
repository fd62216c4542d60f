package io.aicockpit.system;

import io.aicockpit.testsupport.kafka.TestKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import io.aicockpit.testsupport.openai.StubOpenAiServer;
import io.aicockpit.system.Platform.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;

/**
 * A tenant connects its own AI service (the stub upstream, which demands the tenant's API key) and a developer uses
 * it through the gateway with the official OpenAI SDKs (Java and npm), streamed and not; the usage report shows it;
 * the tenant's AI token budget holds; and the key's plaintext is nowhere: no event, topic, log or response.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AiSystemIT {
    static final Duration SETTLE = Duration.ofSeconds(60);
    static final String API_KEY = "sk-aicockpit-secret-" + UUID.randomUUID().toString().replace("-", "");
    static Platform platform;
    static ServiceProcess gateway;
    static StubOpenAiServer stub;
    static String tenant;
    static final List<String> responses = new ArrayList<>();

    @BeforeAll
    static void connectTheTenantsAiService() throws Exception {
        platform = Platform.get();
        gateway = platform.gateway();
        stub = StubOpenAiServer.start(0, API_KEY);
        tenant = platform.onboardThroughGateway("ai", null);
        Map<String, String> admin = bearer(Idp.userToken(tenant, "admin"));
        Response registered = record(platform.post(gateway, "/api/v1/ai-services", admin, Map.of(
                "name", "team stub", "kind", "CUSTOM", "baseUrl", stub.baseUrl(), "apiKey", API_KEY,
                "defaultModel", StubOpenAiServer.MODEL)));
        assertThat(registered.status()).as("%s", registered.body()).isEqualTo(201);
        String serviceId = registered.body().get("aiServiceId").asText();
        assertThat(registered.body().get("apiKeyLast4").asText()).isEqualTo(API_KEY.substring(API_KEY.length() - 4));
        assertThat(record(platform.send(gateway, "PUT", "/api/v1/ai-services/active", admin,
                Map.of("aiServiceId", serviceId))).status()).isEqualTo(204);
        Response tested = record(platform.post(gateway, "/api/v1/ai-services/" + serviceId + "/test", admin, null));
        assertThat(tested.body().get("succeeded").asBoolean()).as("%s", tested.body()).isTrue();
        // ai-worker learns the service from the event store
        await().atMost(SETTLE).until(() -> platform.get(gateway, "/v1/models",
                bearer(Idp.userToken(tenant, "alice"))).status() == 200);
    }

    @AfterAll
    static void stopStub() {
        if (stub != null) {
            stub.close();
        }
    }

    @Test
    void theOfficialJavaSdkStreamsAndCompletesThroughTheGateway() {
        OpenAIClient sdk = OpenAIOkHttpClient.builder().baseUrl(gateway.url("/v1"))
                .apiKey(Idp.userToken(tenant, "alice")).maxRetries(0).build();

        ChatCompletion whole = sdk.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-stub;chunks=3").addUserMessage("hello").build());
        assertThat(whole.choices().getFirst().message().content().orElseThrow()).isEqualTo("tok0 tok1 tok2 ");
        assertThat(whole.usage().orElseThrow().promptTokens()).isEqualTo(StubOpenAiServer.PROMPT_TOKENS);

        List<String> pieces = new ArrayList<>();
        List<Long> completionTokens = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = sdk.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("gpt-stub;chunks=5;chunkDelayMs=10")
                        .addUserMessage("hello")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunk -> {
                chunk.choices().forEach(c -> c.delta().content().ifPresent(pieces::add));
                chunk.usage().ifPresent(u -> completionTokens.add(u.completionTokens()));
            });
        }
        assertThat(pieces).containsExactly("tok0 ", "tok1 ", "tok2 ", "tok3 ", "tok4 ");
        assertThat(completionTokens).containsExactly(5L);
        // the tenant's key reached the upstream; the caller's token did not
        assertThat(stub.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.toString()).doesNotContain("eyJ"))
                .anySatisfy(r -> assertThat(r.headers().values()).contains("Bearer " + API_KEY));
    }

    @Test
    void theOfficialNpmSdkStreamsAndCompletesThroughTheGateway() throws Exception {
        Path script = Path.of("src/test/node/openai-sdk-check.mjs").toAbsolutePath();
        ProcessBuilder node = new ProcessBuilder("node", script.toString()).redirectErrorStream(true);
        node.environment().put("AICOCKPIT_BASE_URL", gateway.url("/v1"));
        node.environment().put("AICOCKPIT_TOKEN", Idp.userToken(tenant, "alice"));
        node.environment().put("AICOCKPIT_MODEL", "gpt-stub;chunks=4");
        Process process = node.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        List<JsonNode> checks = new ArrayList<>();
        for (String line : output.strip().split("\n")) {
            checks.add(Platform.JSON.readTree(line));
        }
        assertThat(checks).extracting(c -> c.get("check").asText())
                .containsExactly("non-streaming", "streaming", "models");
        assertThat(checks.get(0).get("content").asText()).contains("tok0");
        assertThat(checks.get(1).get("content").asText()).isEqualTo("tok0 tok1 tok2 tok3 ");
        assertThat(checks.get(1).get("completionTokens").asInt()).isEqualTo(4);
        assertThat(checks.get(2).get("count").asInt()).isPositive();
    }

    @Test
    void theOfficialNpmSdkShowsTheGatewaysMessageForABadToken() throws Exception {
        Path script = Path.of("src/test/node/openai-sdk-error-check.mjs").toAbsolutePath();
        ProcessBuilder node = new ProcessBuilder("node", script.toString()).redirectErrorStream(true);
        node.environment().put("AICOCKPIT_BASE_URL", gateway.url("/v1"));
        node.environment().put("AICOCKPIT_TOKEN", "sk-not-a-token-the-gateway-knows");
        Process process = node.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();

        JsonNode reported = Platform.JSON.readTree(output.strip().lines().reduce((a, b) -> b).orElseThrow());
        assertThat(reported.get("status").asInt()).isEqualTo(401);
        assertThat(reported.get("authenticationError").asBoolean()).isTrue();
        assertThat(reported.get("message").asText()).contains("The access token is invalid or expired.");
        assertThat(reported.get("code").asText()).isEqualTo("invalid_api_key");
        assertThat(reported.get("type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void theUsageReportShowsTheDevelopersRequests() throws Exception {
        Map<String, String> alice = bearer(Idp.userToken(tenant, "alice"));
        Response answer = platform.post(gateway, "/v1/chat/completions", alice, Map.of("model", "gpt-stub;chunks=2",
                "messages", List.of(Map.of("role", "user", "content", "count me"))));
        assertThat(answer.status()).isEqualTo(200);
        Map<String, String> admin = bearer(Idp.userToken(tenant, "admin"));
        await().atMost(SETTLE).untilAsserted(() -> {
            JsonNode rows = platform.get(gateway, "/api/v1/usage?groupBy=user", admin).body().get("rows");
            JsonNode aliceRow = null;
            for (JsonNode row : rows) {
                if (row.get("key").asText().equals("alice")) {
                    aliceRow = row;
                }
            }
            assertThat(aliceRow).isNotNull();
            assertThat(aliceRow.get("requests").asLong()).isPositive();
            assertThat(aliceRow.get("promptTokens").asLong()).isGreaterThanOrEqualTo(StubOpenAiServer.PROMPT_TOKENS);
            assertThat(aliceRow.get("completionTokens").asLong()).isGreaterThanOrEqualTo(2);
        });
        Response csv = platform.getRaw(gateway, "/api/v1/usage?groupBy=model&format=csv", admin);
        assertThat(csv.status()).isEqualTo(200);
    }

    @Test
    void aTenantsAiTokenBudgetRefusesRequestsOnceSpent() throws Exception {
        String small = platform.onboardThroughGateway("budget", Map.of("tenantAiTokensPerMinute", 40,
                "userAiTokensPerMinute", 40));
        Map<String, String> admin = bearer(Idp.userToken(small, "admin"));
        String id = platform.post(gateway, "/api/v1/ai-services", admin, Map.of("name", "stub", "kind", "CUSTOM",
                "baseUrl", stub.baseUrl(), "apiKey", API_KEY, "defaultModel", StubOpenAiServer.MODEL))
                .body().get("aiServiceId").asText();
        platform.send(gateway, "PUT", "/api/v1/ai-services/active", admin, Map.of("aiServiceId", id));
        Map<String, String> alice = bearer(Idp.userToken(small, "alice"));
        Map<String, Object> body = Map.of("model", "gpt-stub;chunks=10",
                "messages", List.of(Map.of("role", "user", "content", "spend")));
        await().atMost(SETTLE).until(() -> platform.post(gateway, "/v1/chat/completions", alice, body).status() == 200);
        // 17 prompt + 10 completion tokens per request: the 40-token budget is spent after two
        platform.post(gateway, "/v1/chat/completions", alice, body);
        await().atMost(SETTLE).untilAsserted(() -> {
            Response refused = platform.post(gateway, "/v1/chat/completions", alice, body);
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.body().at("/error/type").asText()).isEqualTo("rate_limit_exceeded");
        });
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void theApiKeyAppearsInNoEventTopicLogOrResponse() throws Exception {
        // everything above ran with the key; look for it everywhere it must not be
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + Platform.PG + "/"
                + Platform.DATABASE, "postgres", ""); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT payload, metadata FROM eventstore.domainevententry")) {
            int events = 0;
            while (rows.next()) {
                events++;
                assertThat(new String(rows.getBytes(1), StandardCharsets.UTF_8)).doesNotContain(API_KEY);
                byte[] meta = rows.getBytes(2);
                if (meta != null) {
                    assertThat(new String(meta, StandardCharsets.UTF_8)).doesNotContain(API_KEY);
                }
            }
            assertThat(events).isPositive();
        }
        for (String topic : tenantAndRunTopics()) {
            assertThat(topicContents(topic)).as(topic).doesNotContain(API_KEY);
        }
        try (var logs = Files.list(Path.of("target", "system-it"))) {
            for (Path log : logs.toList()) {
                assertThat(Files.readString(log)).as(log.toString()).doesNotContain(API_KEY);
            }
        }
        Map<String, String> admin = bearer(Idp.userToken(tenant, "admin"));
        responses.add(platform.get(gateway, "/api/v1/ai-services", admin).body().toString());
        assertThat(responses).isNotEmpty().allSatisfy(r -> assertThat(r).doesNotContain(API_KEY));
    }

    private static List<String> tenantAndRunTopics() throws Exception {
        try (AdminClient admin = AdminClient.create(TestKafka.clientProperties())) {
            return admin.listTopics().names().get().stream()
                    .filter(t -> t.contains(tenant) || t.endsWith(Platform.RUN)).toList();
        }
    }

    private static String topicContents(String topic) {
        Properties p = new Properties();
        p.putAll(TestKafka.clientProperties());
        p.putAll(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "secrets-scan-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        StringBuilder all = new StringBuilder();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.value() != null) {
                        all.append(new String(r.value(), StandardCharsets.UTF_8)).append('\n');
                    }
                    r.headers().forEach(h -> all.append(new String(h.value(), StandardCharsets.UTF_8)));
                });
            }
        }
        return all.toString();
    }

    private static Response record(Response response) {
        responses.add(String.valueOf(response.body()));
        return response;
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }
}
