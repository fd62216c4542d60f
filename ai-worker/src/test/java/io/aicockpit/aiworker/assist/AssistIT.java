package io.aicockpit.aiworker.assist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aicockpit.aiworker.AiWorkerTest;
import io.aicockpit.aiworker.FakeQuerySide;
import io.aicockpit.aiworker.TenantAiServices;
import io.aicockpit.aiworker.TestDatabase;
import io.aicockpit.aiworker.relay.UsageRecords;
import io.aicockpit.testsupport.openai.RecordedRequest;
import io.aicockpit.testsupport.openai.StubOpenAiServer;
import io.aicockpit.coreapi.identity.InternalIdentity;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The workspace AI assist endpoints against the stub upstream and a fake query-side: prompts per model family,
 * the completion cache, the streamed edit, command suggestions, workspace visibility, limits and metering.
 */
@AiWorkerTest
class AssistIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final StubOpenAiServer stub = TestDatabase.Upstream.stub();
    private final FakeQuerySide querySide = FakeQuerySide.get();
    private final TenantAiServices services;
    private final WebClient web;
    private final String workspaceId = UUID.randomUUID().toString();
    private final String marker = "m" + UUID.randomUUID().toString().replace("-", "");
    private String token;

    @Autowired
    AssistIT(JdbcTemplate jdbc, @LocalServerPort int port) {
        this.services = new TenantAiServices(jdbc);
        this.web = WebClient.builder().baseUrl("http://127.0.0.1:" + port).build();
    }

    /** A tenant whose active service has {@code model}, and a workspace the developer may see. */
    private void tenantWithModel(String model) {
        services.route(services.openAi(stub.baseUrl(), model), null);
        token = services.developerToken();
        querySide.workspace(workspaceId, token);
    }

    @Test
    void sendsTheStarCoderFimTemplateToCompletions() throws Exception {
        tenantWithModel("starcoder2-3b");
        String prefix = "def " + marker + "(a, b):\n    ";

        Answer answer = post("complete", completion(prefix, "\n"));

        assertThat(answer.status).isEqualTo(200);
        assertThat(JSON.readTree(answer.body).get("completion").asText()).isEqualTo("tok0 tok1 tok2 ");
        RecordedRequest sent = single(stub.requests(r -> r.body().contains(marker)));
        assertThat(sent.path()).endsWith("/v1/completions");
        JsonNode body = JSON.readTree(sent.body());
        assertThat(body.get("prompt").asText()).isEqualTo("<fim_prefix>" + prefix + "<fim_suffix>\n<fim_middle>");
        assertThat(body.get("model").asText()).isEqualTo("starcoder2-3b");
        assertThat(body.get("max_tokens").asInt()).isEqualTo(64);
        assertThat(querySide.identitiesAskingFor(workspaceId)).containsExactly(token);
    }

    @Test
    void fallsBackToAChatFillTheHolePromptForOtherModels() throws Exception {
        tenantWithModel("gpt-stub");
        ObjectNode request = completion("int " + marker + " = ", ";\n");
        request.putArray("snippets").addObject().put("path", "src/Other.java").put("content", "class Other {}");

        Answer answer = post("complete", request);

        assertThat(answer.status).isEqualTo(200);
        assertThat(JSON.readTree(answer.body).get("completion").asText()).isEqualTo("tok0 tok1 tok2 ");
        RecordedRequest sent = single(stub.requests(r -> r.body().contains(marker)));
        assertThat(sent.path()).endsWith("/v1/chat/completions");
        String user = JSON.readTree(sent.body()).at("/messages/1/content").asText();
        assertThat(user).contains("int " + marker + " = " + AssistPrompts.HOLE + ";\n", "src/Other.java",
                "class Other {}");
    }

    @Test
    void servesARepeatedCompletionFromTheCacheWithoutAnUpstreamCall() throws Exception {
        tenantWithModel("starcoder2-3b");
        ObjectNode request = completion("x = " + marker, "");

        Answer first = post("complete", request);
        Answer second = post("complete", request);

        assertThat(first.status).isEqualTo(200);
        assertThat(second.status).isEqualTo(200);
        assertThat(second.body).isEqualTo(first.body);
        assertThat(stub.requests(r -> r.body().contains(marker))).hasSize(1);
    }

    @Test
    void streamsAnEditAsCodeDeltasWithoutFencesEndingWithDone() throws Exception {
        tenantWithModel("gpt-stub;fenced");
        ObjectNode request = JSON.createObjectNode().put("instruction", "rename " + marker)
                .put("selection", "int a = 1;").put("before", "class A {\n").put("after", "\n}")
                .put("language", "java").put("path", "src/A.java");

        String sse = String.join("", web.post().uri("/api/v1/workspaces/{id}/ai/edit", workspaceId)
                .header(InternalIdentity.HEADER, token).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request.toString()).exchangeToFlux(response -> {
                    assertThat(response.headers().contentType()).get()
                            .matches(type -> type.isCompatibleWith(MediaType.TEXT_EVENT_STREAM));
                    return response.bodyToFlux(org.springframework.core.io.buffer.DataBuffer.class)
                            .map(buffer -> buffer.toString(java.nio.charset.StandardCharsets.UTF_8));
                }).collectList().block(Duration.ofSeconds(30)));

        List<String> events = sse.lines().filter(line -> line.startsWith("event:")).toList();
        StringBuilder code = new StringBuilder();
        for (String data : sse.lines().filter(line -> line.startsWith("data:")).toList()) {
            JsonNode text = UsageRecords.parse(data.substring(5)).get("text");
            if (text != null) {
                code.append(text.asText());
            }
        }
        assertThat(code.toString()).isEqualTo("tok0 tok1 tok2 ");
        assertThat(sse).doesNotContain("```");
        assertThat(events).hasSizeGreaterThan(1);
        assertThat(events.getLast()).isEqualTo("event:done");
        assertThat(events.subList(0, events.size() - 1)).containsOnly("event:delta");
        RecordedRequest sent = stub.requests(r -> r.body().contains(marker)).getFirst();
        assertThat(JSON.readTree(sent.body()).get("stream").asBoolean()).isTrue();
    }

    @Test
    void suggestsACommandThatRequiresConfirmation() throws Exception {
        tenantWithModel("gpt-stub");
        ObjectNode request = JSON.createObjectNode().put("request", "list files of " + marker).put("cwd", "/work");

        Answer answer = post("command", request);

        assertThat(answer.status).isEqualTo(200);
        JsonNode suggestion = JSON.readTree(answer.body);
        assertThat(suggestion.get("command").asText()).isEqualTo("tok0 tok1 tok2");
        assertThat(suggestion.get("requiresConfirmation").asBoolean()).isTrue();
        String prompt = single(stub.requests(r -> r.body().contains(marker))).body();
        assertThat(prompt).contains("the sh shell", "Working directory: /work");
    }

    @Test
    void answers404ForAWorkspaceOfAnotherTenant() throws Exception {
        tenantWithModel("gpt-stub");
        TenantAiServices other = new TenantAiServices(null);
        querySide.workspace(workspaceId, other.developerToken());

        Answer answer = post("complete", completion("y = " + marker, ""));

        assertThat(answer.status).isEqualTo(404);
        assertThat(answer.contentType).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(answer.body);
        assertThat(problem.get("type").asText()).isEqualTo("urn:aicockpit:problem:workspace-not-found");
        assertThat(problem.get("requestId").asText()).isNotBlank();
        assertThat(querySide.identitiesAskingFor(workspaceId)).containsExactly(token);
        assertThat(stub.requests(r -> r.body().contains(marker))).isEmpty();
    }

    @Test
    void answers404WhenTheTenantHasNoActiveService() throws Exception {
        token = services.developerToken();
        querySide.workspace(workspaceId, token);

        Answer answer = post("command", JSON.createObjectNode().put("request", "list " + marker));

        assertThat(answer.status).isEqualTo(404);
        assertThat(JSON.readTree(answer.body).get("type").asText())
                .isEqualTo("urn:aicockpit:problem:no-active-ai-service");
    }

    @Test
    void answers502WhenTheAiServiceFails() throws Exception {
        tenantWithModel("gpt-stub;status=500");

        Answer answer = post("command", JSON.createObjectNode().put("request", "list " + marker));

        assertThat(answer.status).isEqualTo(502);
        assertThat(answer.contentType).startsWith("application/problem+json");
        assertThat(JSON.readTree(answer.body).get("type").asText())
                .isEqualTo("urn:aicockpit:problem:ai-service-failed");
    }

    @Test
    void refusesMoreThan64KiBOfCodeWith413() throws Exception {
        tenantWithModel("gpt-stub");
        ObjectNode request = completion(marker + "a".repeat(40 * 1024), "b".repeat(30 * 1024));

        Answer answer = post("complete", request);

        assertThat(answer.status).isEqualTo(413);
        assertThat(JSON.readTree(answer.body).get("type").asText())
                .isEqualTo("urn:aicockpit:problem:payload-too-large");
        assertThat(stub.requests(r -> r.body().contains(marker))).isEmpty();
    }

    @Test
    void refusesUnknownFieldsWith400() throws Exception {
        tenantWithModel("gpt-stub");
        Answer answer = post("complete", completion("z", "").put("temperature", 2));

        assertThat(answer.status).isEqualTo(400);
        JsonNode problem = JSON.readTree(answer.body);
        assertThat(problem.get("type").asText()).isEqualTo("urn:aicockpit:problem:invalid-request");
        assertThat(problem.at("/errors/0/field").asText()).isEqualTo("temperature");
    }

    @Test
    void recordsUsageWithTheAssistEndpointNames() {
        tenantWithModel("gpt-stub");
        post("complete", completion("u = " + marker, ""));
        post("command", JSON.createObjectNode().put("request", "show disk usage " + marker));

        List<JsonNode> records = UsageRecords.collect(TestDatabase.USAGE_TOPIC, services.tenant().value(), 2).stream()
                .map(UsageRecords::parse).toList();
        assertThat(records).extracting(r -> r.get("endpoint").asText())
                .containsExactlyInAnyOrder("assist.complete", "assist.command");
        assertThat(records).allSatisfy(r -> {
            assertThat(r.get("outcome").asText()).isEqualTo("SUCCEEDED");
            assertThat(r.get("promptTokens").asLong()).isEqualTo(StubOpenAiServer.PROMPT_TOKENS);
            assertThat(r.toString()).doesNotContain(marker);
        });
    }

    private ObjectNode completion(String prefix, String suffix) {
        return JSON.createObjectNode().put("prefix", prefix).put("suffix", suffix).put("language", "python")
                .put("path", "src/app.py");
    }

    private Answer post(String feature, ObjectNode body) {
        return web.post().uri("/api/v1/workspaces/{id}/ai/" + feature, workspaceId)
                .header(InternalIdentity.HEADER, token).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body.toString())
                .exchangeToMono(r -> r.bodyToMono(String.class).defaultIfEmpty("")
                        .map(text -> new Answer(r.statusCode().value(),
                                r.headers().contentType().map(MediaType::toString).orElse(""), text)))
                .block(Duration.ofSeconds(30));
    }

    private static RecordedRequest single(List<RecordedRequest> requests) {
        assertThat(requests).hasSize(1);
        return requests.getFirst();
    }

    private record Answer(int status, String contentType, String body) {}
}
