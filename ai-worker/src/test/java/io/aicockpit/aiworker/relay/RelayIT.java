package io.aicockpit.aiworker.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aicockpit.aiworker.AiWorkerTest;
import io.aicockpit.aiworker.TenantAiServices;
import io.aicockpit.aiworker.TestDatabase;
import io.aicockpit.coreapi.aiservice.AiServiceId;
import io.aicockpit.coreapi.aiservice.AiServiceKind;
import io.aicockpit.support.identity.TestIdentityTokens;
import io.aicockpit.testsupport.openai.RecordedRequest;
import io.aicockpit.testsupport.openai.StubOpenAiServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

@AiWorkerTest
class RelayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final StubOpenAiServer stub = TestDatabase.Upstream.stub();
    private final TenantAiServices services;
    private final OpenAiClient client;

    @Autowired
    RelayIT(JdbcTemplate jdbc, @LocalServerPort int port) {
        this.services = new TenantAiServices(jdbc);
        this.client = new OpenAiClient(port);
    }

    @Test
    void relaysStreamedChunksInOrderAsTheyArrive() throws Exception {
        services.activeOpenAi(stub.baseUrl());
        List<Long> arrivals = new ArrayList<>();
        List<String> pieces = new ArrayList<>();
        long start = System.nanoTime();
        client.postRaw("/v1/chat/completions", services.developerToken(),
                        OpenAiClient.chat("gpt-stub;chunks=5;chunkDelayMs=250", true, false))
                .doOnNext(piece -> {
                    arrivals.add((System.nanoTime() - start) / 1_000_000);
                    pieces.add(piece);
                })
                .blockLast(Duration.ofSeconds(20));

        String body = String.join("", pieces);
        List<String> data = OpenAiClient.dataLines(body);
        assertThat(data.getLast()).isEqualTo("[DONE]");
        assertThat(body).endsWith("data: [DONE]\n\n");
        List<String> contents = new ArrayList<>();
        for (String payload : data.subList(0, data.size() - 1)) {
            JsonNode chunk = JSON.readTree(payload);
            assertThat(chunk.get("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.path("usage").isObject()).as("no usage chunk unless asked").isFalse();
            String content = chunk.at("/choices/0/delta/content").asText("");
            if (!content.isEmpty()) {
                contents.add(content);
            }
        }
        assertThat(contents).containsExactly("tok0 ", "tok1 ", "tok2 ", "tok3 ", "tok4 ");
        // the stub sends a chunk every 250 ms: the first must reach the client long before the last is sent
        assertThat(arrivals.size()).isGreaterThanOrEqualTo(5);
        assertThat(arrivals.getLast() - arrivals.getFirst()).isGreaterThan(700);
        JsonNode sent = JSON.readTree(lastRequest().body());
        assertThat(sent.at("/stream_options/include_usage").asBoolean()).as("usage always asked upstream").isTrue();
    }

    @Test
    void relaysTheUsageChunkOnlyWhenTheClientAsks() throws Exception {
        services.activeOpenAi(stub.baseUrl());
        String body = String.join("", client.postRaw("/v1/chat/completions", services.developerToken(),
                OpenAiClient.chat("gpt-stub;chunks=4", true, true)).collectList().block(Duration.ofSeconds(20)));
        List<String> data = OpenAiClient.dataLines(body);
        assertThat(data.getLast()).isEqualTo("[DONE]");
        JsonNode usageChunk = JSON.readTree(data.get(data.size() - 2));
        assertThat(usageChunk.get("choices")).isEmpty();
        assertThat(usageChunk.at("/usage/prompt_tokens").asInt()).isEqualTo(StubOpenAiServer.PROMPT_TOKENS);
        assertThat(usageChunk.at("/usage/completion_tokens").asInt()).isEqualTo(4);
    }

    @Test
    void passesANonStreamedAnswerThrough() throws Exception {
        services.activeOpenAi(stub.baseUrl());
        OpenAiClient.Answer answer = client.post("/v1/chat/completions", services.developerToken(),
                OpenAiClient.chat("gpt-stub;chunks=2", false, false));
        assertThat(answer.status()).isEqualTo(200);
        JsonNode json = JSON.readTree(answer.body());
        assertThat(json.get("object").asText()).isEqualTo("chat.completion");
        assertThat(json.at("/choices/0/message/content").asText()).isEqualTo("tok0 tok1 ");
        assertThat(json.at("/usage/completion_tokens").asInt()).isEqualTo(2);
        assertThat(lastRequest().header("authorization")).isEqualTo("Bearer " + TestDatabase.Upstream.API_KEY);
    }

    @Test
    void relaysCompletionsWithSuffixAndTheDefaultModel() throws Exception {
        services.activeOpenAi(stub.baseUrl());
        OpenAiClient.Answer answer = client.post("/v1/completions", services.developerToken(),
                "{\"prompt\":\"def add(a, b):\\n    \",\"suffix\":\"\\n\\nprint(add(1, 2))\",\"max_tokens\":16}");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).at("/choices/0/text").asText()).isEqualTo("tok0 tok1 tok2 ");
        RecordedRequest sent = lastRequest();
        assertThat(sent.path()).isEqualTo("/v1/completions");
        JsonNode body = JSON.readTree(sent.body());
        assertThat(body.get("suffix").asText()).isEqualTo("\n\nprint(add(1, 2))");
        assertThat(body.get("model").asText()).as("the service's default model").isEqualTo("gpt-stub");

        String streamed = String.join("", client.postRaw("/v1/completions", services.developerToken(),
                "{\"model\":\"gpt-stub\",\"prompt\":\"x = \",\"suffix\":\"\\n\",\"stream\":true}")
                .collectList().block(Duration.ofSeconds(20)));
        List<String> data = OpenAiClient.dataLines(streamed);
        assertThat(JSON.readTree(data.getFirst()).get("object").asText()).isEqualTo("text_completion");
        assertThat(data.getLast()).isEqualTo("[DONE]");
    }

    @Test
    void listsTheActiveServicesModels() throws Exception {
        services.activeOpenAi(stub.baseUrl());
        OpenAiClient.Answer answer = client.get("/v1/models", services.developerToken());
        assertThat(answer.status()).isEqualTo(200);
        JsonNode json = JSON.readTree(answer.body());
        assertThat(json.get("object").asText()).isEqualTo("list");
        assertThat(json.at("/data/0/id").asText()).isEqualTo(StubOpenAiServer.MODEL);
    }

    @Test
    void callsAzureDeploymentsWithApiVersionAndApiKeyHeader() throws Exception {
        AiServiceId azure = services.register(AiServiceKind.AZURE_OPENAI, stub.azureBaseUrl(),
                TestDatabase.Upstream.API_KEY, null, "dep-" + UUID.randomUUID().toString().substring(0, 6),
                "2024-10-21");
        services.route(azure, null);
        OpenAiClient.Answer answer = client.post("/v1/chat/completions", services.developerToken(),
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(answer.status()).isEqualTo(200);
        RecordedRequest sent = lastRequest();
        assertThat(sent.path()).matches("/openai/deployments/dep-[0-9a-f]{6}/chat/completions");
        assertThat(sent.query()).isEqualTo("api-version=2024-10-21");
        assertThat(sent.header("api-key")).isEqualTo(TestDatabase.Upstream.API_KEY);
        assertThat(sent.header("authorization")).isNull();

        OpenAiClient.Answer models = client.get("/v1/models", services.developerToken());
        assertThat(JSON.readTree(models.body()).at("/data/0/id").asText()).startsWith("dep-");
    }

    @Test
    void answersAnOpenAiErrorWithoutAnActiveService() throws Exception {
        OpenAiClient.Answer answer = client.post("/v1/chat/completions", services.developerToken(),
                OpenAiClient.chat("gpt-stub", true, false));
        assertThat(answer.status()).isEqualTo(404);
        JsonNode error = JSON.readTree(answer.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("no_active_ai_service");
        assertThat(error.get("message").asText()).contains("no active AI service");
        assertThat(error.has("param")).isTrue();
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void refusesCallsWithoutAValidIdentity() throws Exception {
        OpenAiClient.Answer none = client.post("/v1/chat/completions", null, OpenAiClient.chat("m", false, false));
        assertThat(none.status()).isEqualTo(401);
        assertThat(JSON.readTree(none.body()).at("/error/code").asText()).isEqualTo("invalid_identity");
        OpenAiClient.Answer forged = client.post("/v1/chat/completions",
                TestIdentityTokens.forgedToken(services.tenant().value(), "eve", "DEVELOPER"),
                OpenAiClient.chat("m", false, false));
        assertThat(forged.status()).isEqualTo(401);
    }

    @Test
    void refusesBodiesOverTheLimitWith413() throws Exception {
        services.activeOpenAi(stub.baseUrl());
        String huge = OpenAiClient.chat("gpt-stub", false, false).replace("say hello", "x".repeat(1_100_000));
        OpenAiClient.Answer answer = client.post("/v1/chat/completions", services.developerToken(), huge);
        assertThat(answer.status()).isEqualTo(413);
        assertThat(JSON.readTree(answer.body()).at("/error/code").asText()).isEqualTo("request_too_large");
    }

    @Test
    void relaysUpstreamClientErrorsAsOpenAiErrors() throws Exception {
        services.activeOpenAi(stub.baseUrl());
        OpenAiClient.Answer answer = client.post("/v1/chat/completions", services.developerToken(),
                OpenAiClient.chat("gpt-stub;status=422", false, false));
        assertThat(answer.status()).isEqualTo(422);
        JsonNode error = JSON.readTree(answer.body()).get("error");
        assertThat(error.get("message").asText()).isEqualTo("The stub answers 422 on request.");
        assertThat(error.get("code").asText()).isEqualTo("stub_422");
    }

    @Test
    void relaysAnUpstreamRateLimitWithItsRetryAfter() throws Exception {
        services.activeOpenAi(stub.baseUrl());
        OpenAiClient.Answer answer = client.post("/v1/chat/completions", services.developerToken(),
                OpenAiClient.chat("gpt-stub;status=429;retryAfter=7", true, false));

        assertThat(answer.status()).isEqualTo(429);
        assertThat(answer.headers().getFirst("Retry-After")).isEqualTo("7");
        JsonNode error = JSON.readTree(answer.body()).get("error");
        assertThat(error.get("message").asText()).isEqualTo("The stub answers 429 on request.");
        assertThat(error.get("code").asText()).isEqualTo("stub_429");
    }

    @Test
    void passesNoRetryAfterTheUpstreamDidNotSend() throws Exception {
        services.activeOpenAi(stub.baseUrl());
        OpenAiClient.Answer answer = client.post("/v1/chat/completions", services.developerToken(),
                OpenAiClient.chat("gpt-stub;status=429", false, false));

        assertThat(answer.status()).isEqualTo(429);
        assertThat(answer.headers().containsKey("Retry-After")).isFalse();
    }

    private RecordedRequest lastRequest() {
        return stub.requests().getLast();
    }
}
