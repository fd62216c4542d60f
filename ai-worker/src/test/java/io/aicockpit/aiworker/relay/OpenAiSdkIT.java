package io.aicockpit.aiworker.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import io.aicockpit.aiworker.AiWorkerTest;
import io.aicockpit.aiworker.TenantAiServices;
import io.aicockpit.aiworker.TestDatabase;
import io.aicockpit.coreapi.identity.InternalIdentity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** The official OpenAI Java SDK, pointed at ai-worker, works unchanged (the gateway adds the identity header). */
@AiWorkerTest
class OpenAiSdkIT {
    private final TenantAiServices services;
    private final int port;

    @Autowired
    OpenAiSdkIT(JdbcTemplate jdbc, @LocalServerPort int port) {
        this.services = new TenantAiServices(jdbc);
        this.port = port;
    }

    private OpenAIClient sdk() {
        return OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + port + "/v1")
                .apiKey("unused-the-gateway-authenticates")
                .putHeader(InternalIdentity.HEADER, services.developerToken())
                .maxRetries(0)
                .build();
    }

    @Test
    void createsAChatCompletion() {
        services.activeOpenAi(TestDatabase.Upstream.stub().baseUrl());
        ChatCompletion completion = sdk().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-stub;chunks=3").addUserMessage("hello").build());
        assertThat(completion.choices().getFirst().message().content()).contains("tok0 tok1 tok2 ");
        assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(3);
    }

    @Test
    void streamsAChatCompletionWithUsage() {
        services.activeOpenAi(TestDatabase.Upstream.stub().baseUrl());
        List<String> contents = new ArrayList<>();
        List<Long> completionTokens = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = sdk().chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("gpt-stub;chunks=4;chunkDelayMs=20")
                        .addUserMessage("hello")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                        .build())) {
            stream.stream().forEach(chunk -> {
                chunk.choices().forEach(choice -> choice.delta().content().ifPresent(contents::add));
                chunk.usage().ifPresent(usage -> completionTokens.add(usage.completionTokens()));
            });
        }
        assertThat(contents).containsExactly("tok0 ", "tok1 ", "tok2 ", "tok3 ");
        assertThat(completionTokens).containsExactly(4L);
    }

    @Test
    void createsALegacyCompletionWithSuffix() {
        services.activeOpenAi(TestDatabase.Upstream.stub().baseUrl());
        Completion completion = sdk().completions().create(CompletionCreateParams.builder()
                .model("gpt-stub").prompt("def add(a, b):").suffix("\nprint(add(1, 2))").build());
        assertThat(completion.choices().getFirst().text()).isEqualTo("tok0 tok1 tok2 ");
    }

    @Test
    void surfacesRelayErrorsAsSdkExceptions() {
        assertThatThrownBy(() -> sdk().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-stub").addUserMessage("hello").build()))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("no active AI service");
    }
}
