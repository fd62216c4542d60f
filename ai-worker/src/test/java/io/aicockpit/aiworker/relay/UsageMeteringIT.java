package io.aicockpit.aiworker.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aicockpit.aiworker.AiWorkerTest;
import io.aicockpit.aiworker.TenantAiServices;
import io.aicockpit.aiworker.TestDatabase;
import io.aicockpit.testsupport.openai.StubOpenAiServer;
import io.aicockpit.coreapi.aiservice.AiServiceId;
import io.aicockpit.coreapi.messaging.Topics;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Every request becomes a usage record on Kafka (internal and tenant topic) and feeds the latency histograms. */
@AiWorkerTest
class UsageMeteringIT {
    private static final String PROMPT = "say hello to the secret garden";
    private final StubOpenAiServer stub = TestDatabase.Upstream.stub();
    private final TenantAiServices services;
    private final OpenAiClient client;
    private final WebTestClient web;

    @Autowired
    UsageMeteringIT(JdbcTemplate jdbc, @LocalServerPort int port, WebTestClient web) {
        this.services = new TenantAiServices(jdbc);
        this.client = new OpenAiClient(port);
        this.web = web.mutate().codecs(c -> c.defaultCodecs().maxInMemorySize(16 * 1024 * 1024)).build();
    }

    @Test
    void recordsTheUpstreamsTokensForEveryRequest() {
        AiServiceId service = services.activeOpenAi(stub.baseUrl());
        client.postRaw("/v1/chat/completions", services.developerToken(),
                OpenAiClient.chat("gpt-stub;chunks=4", true, false)).blockLast(Duration.ofSeconds(20));
        client.post("/v1/chat/completions", services.developerToken(), OpenAiClient.chat("gpt-stub;chunks=6", false, false));

        String tenant = services.tenant().value();
        List<JsonNode> internal = UsageRecords.collect(TestDatabase.USAGE_TOPIC, tenant, 2).stream()
                .map(UsageRecords::parse).sorted(Comparator.comparing(r -> r.get("completionTokens").asLong())).toList();
        List<String> publicRecords = UsageRecords.collect(Topics.usage(services.tenant()), tenant, 2);
        assertThat(publicRecords).hasSize(2);

        JsonNode streamed = internal.get(0);
        assertThat(streamed.get("tenantId").asText()).isEqualTo(tenant);
        assertThat(streamed.get("userSubject").asText()).isEqualTo("dev-" + tenant);
        assertThat(streamed.get("aiServiceId").asText()).isEqualTo(service.toString());
        assertThat(streamed.get("model").asText()).isEqualTo("gpt-stub;chunks=4");
        assertThat(streamed.get("endpoint").asText()).isEqualTo("/v1/chat/completions");
        assertThat(streamed.get("promptTokens").asLong()).isEqualTo(StubOpenAiServer.PROMPT_TOKENS);
        assertThat(streamed.get("completionTokens").asLong()).isEqualTo(4);
        assertThat(streamed.get("tokensCounted").asBoolean()).isFalse();
        assertThat(streamed.get("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(streamed.get("status").asInt()).isEqualTo(200);
        assertThat(streamed.get("timeToFirstTokenMillis").isNumber()).isTrue();
        assertThat(streamed.get("at").asText()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
        assertThat(internal.get(1).get("completionTokens").asLong()).isEqualTo(6);
        assertThat(internal).allSatisfy(record -> assertThat(record.toString()).doesNotContain(PROMPT, "tok0"));
    }

    @Test
    void countsTokensWhenTheUpstreamSendsNoUsage() {
        services.activeOpenAi(stub.baseUrl());
        client.postRaw("/v1/chat/completions", services.developerToken(),
                OpenAiClient.chat("gpt-stub;chunks=4;noUsage", true, true)).blockLast(Duration.ofSeconds(20));

        JsonNode record = UsageRecords.parse(UsageRecords.collect(TestDatabase.USAGE_TOPIC,
                services.tenant().value(), 1).getFirst());
        assertThat(record.get("tokensCounted").asBoolean()).isTrue();
        // about four characters per token: 30 prompt characters, four chunks of "tokN " (20 characters)
        assertThat(record.get("promptTokens").asLong()).isEqualTo((PROMPT.length() + 3) / 4);
        assertThat(record.get("completionTokens").asLong()).isEqualTo(5);
        assertThat(record.toString()).doesNotContain(PROMPT);
    }

    @Test
    void recordsRefusedAndCancelledRequests() {
        client.post("/v1/chat/completions", services.developerToken(), OpenAiClient.chat("gpt-stub", false, false));
        JsonNode refused = UsageRecords.parse(UsageRecords.collect(TestDatabase.USAGE_TOPIC,
                services.tenant().value(), 1).getFirst());
        assertThat(refused.get("outcome").asText()).isEqualTo("REFUSED");
        assertThat(refused.get("status").asInt()).isEqualTo(404);

        services.activeOpenAi(stub.baseUrl());
        client.postRaw("/v1/chat/completions", services.developerToken(),
                OpenAiClient.chat("gpt-stub;chunks=100;chunkDelayMs=20", true, false)).take(1)
                .blockLast(Duration.ofSeconds(20));
        List<JsonNode> records = UsageRecords.collect(TestDatabase.USAGE_TOPIC, services.tenant().value(), 2).stream()
                .map(UsageRecords::parse).toList();
        assertThat(records).anySatisfy(r -> assertThat(r.get("outcome").asText()).isEqualTo("CANCELLED"));
    }

    @Test
    void exposesLatencyAndTimeToFirstTokenHistograms() {
        AiServiceId service = services.activeOpenAi(stub.baseUrl());
        client.postRaw("/v1/chat/completions", services.developerToken(),
                OpenAiClient.chat("gpt-stub", true, false)).blockLast(Duration.ofSeconds(20));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> web.get().uri("/actuator/prometheus").exchange()
                .expectBody(String.class).value(body -> assertThat(body)
                        .contains("aicockpit_ai_service_latency_seconds_bucket{")
                        .contains("aicockpit_ai_time_to_first_token_seconds_bucket{")
                        .containsPattern("aicockpit_ai_time_to_first_token_seconds_count\\{[^}]*model=\"gpt-stub\""
                                + "[^}]*outcome=\"SUCCEEDED\"[^}]*service=\"" + service + "\"")));
    }
}
