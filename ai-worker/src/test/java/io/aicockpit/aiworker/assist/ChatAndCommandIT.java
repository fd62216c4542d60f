package io.aicockpit.aiworker.assist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aicockpit.aiworker.AiWorkerProperties;
import io.aicockpit.aiworker.AiWorkerTest;
import io.aicockpit.aiworker.FakeQuerySide;
import io.aicockpit.aiworker.FakeWorkspaceNode;
import io.aicockpit.aiworker.TenantAiServices;
import io.aicockpit.aiworker.TestClock;
import io.aicockpit.aiworker.TestDatabase;
import io.aicockpit.coreapi.identity.InternalIdentity;
import io.aicockpit.support.audit.AuditDetailHeader;
import io.aicockpit.support.identity.TestIdentityTokens;
import io.aicockpit.testsupport.openai.RecordedRequest;
import io.aicockpit.testsupport.openai.StubOpenAiServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Chat with {@code @path} mentions and confirmed commands, against the stub upstream, a fake query-side and a fake
 * workspace node (the system tests run the same against the real node and real containers): which files go into
 * the prompt and how the client learns it, and that a suggested command runs once, only when confirmed, only for
 * the caller who got it, with its audit detail.
 */
@AiWorkerTest
class ChatAndCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final StubOpenAiServer stub = TestDatabase.Upstream.stub();
    private final FakeQuerySide querySide = FakeQuerySide.get();
    private final FakeWorkspaceNode node = FakeWorkspaceNode.get();
    private final TenantAiServices services;
    private final WebClient web;
    private final String workspaceId = UUID.randomUUID().toString();
    private final String marker = "m" + UUID.randomUUID().toString().replace("-", "");
    private final TestClock clock;
    private final Duration ttl;
    private String token;

    @Autowired
    ChatAndCommandIT(JdbcTemplate jdbc, @LocalServerPort int port, TestClock clock, AiWorkerProperties properties) {
        this.clock = clock;
        this.ttl = properties.commandSuggestionTtl();
        this.services = new TenantAiServices(jdbc);
        this.web = WebClient.builder().baseUrl("http://127.0.0.1:" + port).build();
    }

    private void workspaceWith(String model, Map<String, byte[]> files) {
        services.route(services.openAi(stub.baseUrl(), model), null);
        token = services.developerToken();
        querySide.workspace(workspaceId, token);
        node.workspace(workspaceId, token, files);
    }

    @Test
    void putsMentionedFilesIntoThePromptAndTellsTheClientWhichOnesWentIn() throws Exception {
        workspaceWith("gpt-stub", Map.of("src/app.py", ("print('" + marker + "')\n").getBytes(StandardCharsets.UTF_8)));

        Sse sse = chat(token, JSON.createObjectNode().put("maxTokens", 200).set("messages", JSON.createArrayNode()
                .add(message("user", "Explain @src/app.py and @missing.txt please " + marker))));

        assertThat(sse.status).isEqualTo(200);
        assertThat(sse.events.getFirst()).isEqualTo("context");
        JsonNode context = JSON.readTree(sse.data.getFirst());
        assertThat(context.at("/files/0/path").asText()).isEqualTo("src/app.py");
        assertThat(context.at("/files/0/truncated").asBoolean()).isFalse();
        assertThat(context.at("/missing/0/path").asText()).isEqualTo("missing.txt");
        assertThat(context.at("/missing/0/reason").asText()).isEqualTo("file-not-found");
        assertThat(sse.events.getLast()).isEqualTo("done");
        assertThat(sse.text()).isEqualTo("tok0 tok1 tok2 ");

        JsonNode sent = JSON.readTree(single(stub.requests(r -> r.body().contains(marker))).body());
        String system = sent.at("/messages/0/content").asText();
        assertThat(sent.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(system).contains("<file path=\"src/app.py\"", "print('" + marker + "')", "</file>",
                "@missing.txt, which could not be read");
        assertThat(sent.at("/messages/1/content").asText()).startsWith("Explain @src/app.py");
        assertThat(sent.get("max_tokens").asInt()).isEqualTo(200);
        assertThat(sent.get("stream").asBoolean()).isTrue();
        assertThat(sse.auditDetail).contains("src/app.py", "missing.txt");
    }

    @Test
    void cutsABigFileAtTheFileCapAndSaysSo() throws Exception {
        byte[] big = ("x".repeat(40 * 1024) + marker).getBytes(StandardCharsets.UTF_8);
        workspaceWith("gpt-stub", Map.of("big.log", big));

        Sse sse = chat(token, JSON.createObjectNode().set("messages", JSON.createArrayNode()
                .add(message("user", "summarise @big.log " + marker))));

        assertThat(sse.status).isEqualTo(200);
        JsonNode file = JSON.readTree(sse.data.getFirst()).at("/files/0");
        assertThat(file.get("truncated").asBoolean()).isTrue();
        assertThat(file.get("size").asLong()).isEqualTo(big.length);
        assertThat(file.get("bytes").asLong()).isEqualTo(32 * 1024);
        String system = JSON.readTree(single(stub.requests(r -> r.body().contains("summarise @big.log " + marker)))
                .body()).at("/messages/0/content").asText();
        assertThat(system).contains("truncated=\"true\"").doesNotContain(marker);
    }

    @Test
    void refusesAConversationThatDoesNotEndWithTheUsersMessage() throws Exception {
        workspaceWith("gpt-stub", Map.of());

        Sse sse = chat(token, JSON.createObjectNode().set("messages", JSON.createArrayNode()
                .add(message("user", "hi")).add(message("assistant", "hello " + marker))));

        assertThat(sse.status).isEqualTo(400);
        assertThat(JSON.readTree(sse.body).get("type").asText()).isEqualTo("urn:aicockpit:problem:invalid-request");
        assertThat(stub.requests(r -> r.body().contains(marker))).isEmpty();
    }

    @Test
    void asksTheModelTheUserPickedAndOtherwiseTheServicesDefault() throws Exception {
        workspaceWith("gpt-stub", Map.of());

        Sse picked = chat(token, JSON.createObjectNode().put("model", "gpt-stub-mini;say=picked")
                .set("messages", JSON.createArrayNode().add(message("user", "which model? " + marker))));
        Sse unpicked = chat(token, JSON.createObjectNode().set("messages", JSON.createArrayNode()
                .add(message("user", "and now? " + marker))));

        assertThat(picked.status).isEqualTo(200);
        assertThat(picked.text()).isEqualTo("picked");
        assertThat(JSON.readTree(single(stub.requests(r -> r.body().contains("which model? " + marker))).body())
                .get("model").asText()).isEqualTo("gpt-stub-mini;say=picked");
        assertThat(unpicked.text()).isEqualTo("tok0 tok1 tok2 ");
        assertThat(JSON.readTree(single(stub.requests(r -> r.body().contains("and now? " + marker))).body())
                .get("model").asText()).isEqualTo("gpt-stub");
    }

    @Test
    void refusesAModelNameThatIsBlankOrHoldsControlCharacters() throws Exception {
        workspaceWith("gpt-stub", Map.of());

        Sse blank = chat(token, JSON.createObjectNode().put("model", " ")
                .set("messages", JSON.createArrayNode().add(message("user", "hi " + marker))));
        Sse control = chat(token, JSON.createObjectNode().put("model", "gpt\nstub")
                .set("messages", JSON.createArrayNode().add(message("user", "hi " + marker))));

        assertThat(blank.status).isEqualTo(400);
        assertThat(JSON.readTree(blank.body).at("/errors/0/field").asText()).isEqualTo("model");
        assertThat(control.status).isEqualTo(400);
        assertThat(stub.requests(r -> r.body().contains(marker))).isEmpty();
    }

    @Test
    void confirmingASuggestionForTheTerminalUsesItUpOnceRunsNothingAndIsAudited() throws Exception {
        String command = "echo " + marker;
        workspaceWith("gpt-stub;say=" + URLEncoder.encode(command, StandardCharsets.UTF_8), Map.of());
        String id = suggest();

        Answer confirmed = post("/ai/command/" + id + "/confirm", token, JSON.createObjectNode());
        Answer again = post("/ai/command/" + id + "/confirm", token, JSON.createObjectNode());
        Answer run = post("/ai/command/" + id + "/run", token, JSON.createObjectNode().put("confirm", true));

        assertThat(confirmed.status).isEqualTo(200);
        JsonNode body = JSON.readTree(confirmed.body);
        assertThat(body.get("command").asText()).isEqualTo(command);
        assertThat(body.get("suggestionId").asText()).isEqualTo(id);
        assertThat(body.get("typedIntoTerminal").asBoolean()).isTrue();
        JsonNode detail = JSON.readTree(confirmed.auditDetail);
        assertThat(detail.get("suggestionId").asText()).isEqualTo(id);
        assertThat(detail.get("command").asText()).isEqualTo(command);
        assertThat(detail.get("typedIntoTerminal").asBoolean()).isTrue();
        assertThat(node.runs(workspaceId)).as("the browser types it; nothing runs on the node").isEmpty();
        assertThat(again.status).isEqualTo(409);
        assertThat(run.status).isEqualTo(409);
        assertThat(JSON.readTree(run.body).get("type").asText())
                .isEqualTo("urn:aicockpit:problem:suggestion-already-run");
    }

    @Test
    void refusesToConfirmAnotherDevelopersSuggestion() throws Exception {
        workspaceWith("gpt-stub", Map.of());
        String id = suggest();
        String colleague = TestIdentityTokens.token(services.tenant().value(), "colleague", "DEVELOPER");
        querySide.workspace(workspaceId, colleague);

        Answer foreign = post("/ai/command/" + id + "/confirm", colleague, JSON.createObjectNode());
        querySide.workspace(workspaceId, token);
        Answer own = post("/ai/command/" + id + "/confirm", token, JSON.createObjectNode());

        assertThat(foreign.status).isEqualTo(404);
        assertThat(own.status).isEqualTo(200);
    }

    @Test
    void runsAConfirmedSuggestionOnceWithItsAuditDetail() throws Exception {
        String command = "ls -la /workspace; echo " + marker;
        workspaceWith("gpt-stub;say=" + URLEncoder.encode(command, StandardCharsets.UTF_8), Map.of());

        Answer suggested = post("/ai/command", token, JSON.createObjectNode().put("request", "list " + marker));
        assertThat(suggested.status).isEqualTo(200);
        JsonNode suggestion = JSON.readTree(suggested.body);
        assertThat(suggestion.get("command").asText()).isEqualTo(command);
        assertThat(suggestion.get("requiresConfirmation").asBoolean()).isTrue();
        assertThat(suggestion.get("expiresAt").asText()).isNotBlank();
        assertThat(suggested.auditDetail).contains(marker, suggestion.get("id").asText());
        assertThat(node.runs(workspaceId)).isEmpty();

        String run = "/ai/command/" + suggestion.get("id").asText() + "/run";
        Answer ran = post(run, token, JSON.createObjectNode().put("confirm", true).put("timeoutSeconds", 20));
        Answer again = post(run, token, JSON.createObjectNode().put("confirm", true));

        assertThat(ran.status).isEqualTo(200);
        JsonNode result = JSON.readTree(ran.body);
        assertThat(result.get("exitCode").asInt()).isZero();
        assertThat(result.get("output").asText()).isEqualTo("ran\n");
        assertThat(result.get("command").asText()).isEqualTo(command);
        assertThat(node.runs(workspaceId)).singleElement().satisfies(r -> {
            assertThat(r.command()).isEqualTo(command);
            assertThat(r.timeoutSeconds()).isEqualTo(20);
            assertThat(r.identity()).isEqualTo(token);
        });
        JsonNode detail = JSON.readTree(ran.auditDetail);
        assertThat(detail.get("command").asText()).isEqualTo(command);
        assertThat(detail.get("exitCode").asInt()).isZero();
        assertThat(again.status).isEqualTo(409);
        assertThat(JSON.readTree(again.body).get("type").asText())
                .isEqualTo("urn:aicockpit:problem:suggestion-already-run");
        assertThat(node.runs(workspaceId)).hasSize(1);
    }

    @Test
    void runsNothingWithoutAnExplicitConfirmation() throws Exception {
        workspaceWith("gpt-stub", Map.of());
        String id = suggest();

        Answer missing = post("/ai/command/" + id + "/run", token, JSON.createObjectNode());
        Answer no = post("/ai/command/" + id + "/run", token, JSON.createObjectNode().put("confirm", false));
        Answer yes = post("/ai/command/" + id + "/run", token, JSON.createObjectNode().put("confirm", true));

        assertThat(missing.status).isEqualTo(400);
        assertThat(JSON.readTree(missing.body).get("type").asText())
                .isEqualTo("urn:aicockpit:problem:confirmation-required");
        assertThat(no.status).isEqualTo(400);
        assertThat(yes.status).as("refused confirmations do not use the suggestion up").isEqualTo(200);
        assertThat(node.runs(workspaceId)).hasSize(1);
    }

    @Test
    void letsOnlyTheDeveloperWhoGotASuggestionRunIt() throws Exception {
        workspaceWith("gpt-stub", Map.of());
        String id = suggest();
        String colleague = TestIdentityTokens.token(services.tenant().value(), "colleague", "DEVELOPER");
        querySide.workspace(workspaceId, colleague);
        node.workspace(workspaceId, colleague, Map.of());
        String integration = TestIdentityTokens.token(services.tenant().value(), "bot", "INTEGRATION");

        Answer byColleague = post("/ai/command/" + id + "/run", colleague, JSON.createObjectNode().put("confirm", true));
        Answer byIntegration = post("/ai/command/" + id + "/run", integration,
                JSON.createObjectNode().put("confirm", true));
        Answer unknown = post("/ai/command/" + UUID.randomUUID() + "/run", colleague,
                JSON.createObjectNode().put("confirm", true));

        assertThat(byColleague.status).isEqualTo(404);
        assertThat(JSON.readTree(byColleague.body).get("type").asText())
                .isEqualTo("urn:aicockpit:problem:suggestion-not-found");
        assertThat(byIntegration.status).isEqualTo(403);
        assertThat(unknown.status).isEqualTo(404);
        assertThat(node.runs(workspaceId)).isEmpty();
    }

    @Test
    void refusesAnExpiredSuggestionWith410() throws Exception {
        workspaceWith("gpt-stub", Map.of());
        String stale = suggest();
        try {
            clock.advance(ttl.plusSeconds(1));
            String fresh = suggest();

            Answer expired = post("/ai/command/" + stale + "/run", token,
                    JSON.createObjectNode().put("confirm", true));
            Answer inTime = post("/ai/command/" + fresh + "/run", token,
                    JSON.createObjectNode().put("confirm", true));

            assertThat(expired.status).isEqualTo(410);
            assertThat(JSON.readTree(expired.body).get("type").asText())
                    .isEqualTo("urn:aicockpit:problem:suggestion-expired");
            assertThat(inTime.status).isEqualTo(200);
            assertThat(node.runs(workspaceId)).hasSize(1);
        } finally {
            clock.reset();
        }
    }

    @Test
    void aSuggestionExpiresItsTtlAfterItWasMade() throws Exception {
        workspaceWith("gpt-stub", Map.of());
        Instant before = clock.instant();

        Answer suggested = post("/ai/command", token, JSON.createObjectNode().put("request", "list " + marker));

        Instant expiresAt = Instant.parse(JSON.readTree(suggested.body).get("expiresAt").asText());
        assertThat(expiresAt).isBetween(before.plus(ttl), clock.instant().plus(ttl));
    }

    private String suggest() throws Exception {
        Answer suggested = post("/ai/command", token, JSON.createObjectNode().put("request", "list " + marker));
        assertThat(suggested.status).isEqualTo(200);
        return JSON.readTree(suggested.body).get("id").asText();
    }

    private static ObjectNode message(String role, String content) {
        return JSON.createObjectNode().put("role", role).put("content", content);
    }

    private Answer post(String path, String identity, ObjectNode body) {
        return web.post().uri("/api/v1/workspaces/{id}" + path, workspaceId)
                .header(InternalIdentity.HEADER, identity).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body.toString())
                .exchangeToMono(r -> r.bodyToMono(String.class).defaultIfEmpty("")
                        .map(text -> new Answer(r.statusCode().value(), text,
                                r.headers().asHttpHeaders().getFirst(AuditDetailHeader.HEADER))))
                .block(Duration.ofSeconds(30));
    }

    private Sse chat(String identity, ObjectNode body) {
        return web.post().uri("/api/v1/workspaces/{id}/ai/chat", workspaceId)
                .header(InternalIdentity.HEADER, identity).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body.toString())
                .exchangeToMono(r -> r.bodyToFlux(DataBuffer.class)
                        .map(buffer -> buffer.toString(StandardCharsets.UTF_8))
                        .collectList()
                        .map(parts -> Sse.of(r.statusCode().value(), String.join("", parts),
                                r.headers().asHttpHeaders().getFirst(AuditDetailHeader.HEADER))))
                .block(Duration.ofSeconds(30));
    }

    private static RecordedRequest single(List<RecordedRequest> requests) {
        assertThat(requests).hasSize(1);
        return requests.getFirst();
    }

    private record Answer(int status, String body, String auditDetail) {}

    private record Sse(int status, String body, List<String> events, List<String> data, String auditDetail) {
        static Sse of(int status, String body, String auditDetail) {
            List<String> events = new ArrayList<>();
            List<String> data = new ArrayList<>();
            for (String line : body.lines().toList()) {
                if (line.startsWith("event:")) {
                    events.add(line.substring(6).strip());
                } else if (line.startsWith("data:")) {
                    data.add(line.substring(5));
                }
            }
            return new Sse(status, body, events, data, auditDetail);
        }

        String text() throws Exception {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < events.size(); i++) {
                if (events.get(i).equals("delta")) {
                    text.append(JSON.readTree(data.get(i)).get("text").asText());
                }
            }
            return text.toString();
        }
    }
}
