package io.aicockpit.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aicockpit.testsupport.openai.RecordedRequest;
import io.aicockpit.testsupport.openai.StubOpenAiServer;
import io.aicockpit.system.Platform.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The workspace AI features end to end, through the gateway, with a real workspace container on the real node: a
 * developer asks for a shell command, confirms it and it runs in her container (creating files); she then chats
 * about a file with an {@code @path} mention and the model receives its content, while a symlink leading out of
 * /workspace is refused; a colleague can use neither her workspace nor her suggestion; the audit trail names the
 * command that ran.
 */
class WorkspaceAiSystemIT {
    static final Duration SETTLE = Duration.ofSeconds(60);
    static final String MARKER = "m" + UUID.randomUUID().toString().replace("-", "");
    /** The command the stub model suggests: writes a source file and plants a symlink to a file outside /workspace. */
    static final String COMMAND = "mkdir -p src && printf 'print(\"" + MARKER + "\")\\n' > src/app.py"
            + " && ln -s /etc/passwd leak && echo created";
    static Platform platform;
    static ServiceProcess gateway;
    static StubOpenAiServer stub;
    static String tenant;
    static String workspaceId;
    static Map<String, String> alice;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void aRunningWorkspaceAndAnAiService() throws Exception {
        platform = Platform.get();
        gateway = platform.gateway();
        stub = StubOpenAiServer.start(0, null);
        tenant = platform.onboardThroughGateway("wsai", null);
        Map<String, String> admin = bearer(Idp.userToken(tenant, "admin"));
        Response registered = platform.post(gateway, "/api/v1/ai-services", admin, Map.of(
                "name", "stub", "kind", "CUSTOM", "baseUrl", stub.baseUrl(),
                "defaultModel", "gpt-stub;say=" + URLEncoder.encode(COMMAND, StandardCharsets.UTF_8)));
        assertThat(registered.status()).as("%s", registered.body()).isEqualTo(201);
        assertThat(platform.send(gateway, "PUT", "/api/v1/ai-services/active", admin,
                Map.of("aiServiceId", registered.body().get("aiServiceId").asText())).status()).isEqualTo(204);

        alice = bearer(Idp.userToken(tenant, "alice"));
        Response created = platform.post(gateway, "/api/v1/workspaces", alice,
                Map.of("name", "ai-features", "stackId", "busybox"));
        assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
        workspaceId = created.body().get("workspaceId").asText();
        assertThat(platform.post(gateway, "/api/v1/workspaces/" + workspaceId + "/start", alice, null).status())
                .isEqualTo(202);
        await().atMost(SETTLE).until(() -> "RUNNING".equals(
                platform.get(gateway, "/api/v1/workspaces/" + workspaceId, alice).body().path("status").asText()));
        // ai-worker learns the service from the event store
        await().atMost(SETTLE).until(() -> platform.get(gateway, "/v1/models", alice).status() == 200);
    }

    @AfterAll
    static void stopStub() {
        if (stub != null) {
            stub.close();
        }
    }

    @Test
    void aConfirmedCommandRunsInTheContainerAndChatSeesTheFilesItMade() throws Exception {
        Response suggested = platform.post(gateway, "/api/v1/workspaces/" + workspaceId + "/ai/command", alice,
                Map.of("request", "make a hello world app"));
        assertThat(suggested.status()).as("%s", suggested.body()).isEqualTo(200);
        assertThat(suggested.body().get("command").asText()).isEqualTo(COMMAND);
        assertThat(suggested.body().get("requiresConfirmation").asBoolean()).isTrue();
        String run = "/api/v1/workspaces/" + workspaceId + "/ai/command/" + suggested.body().get("id").asText()
                + "/run";

        // a colleague can neither run it nor chat about the workspace
        Map<String, String> carol = bearer(Idp.userToken(tenant, "carol"));
        assertThat(platform.post(gateway, run, carol, Map.of("confirm", true)).status()).isEqualTo(404);
        assertThat(chat(carol, "what is in @src/app.py").status()).isEqualTo(404);

        Response ran = platform.post(gateway, run, alice, Map.of("confirm", true));
        assertThat(ran.status()).as("%s", ran.body()).isEqualTo(200);
        assertThat(ran.body().get("exitCode").asInt()).as("%s", ran.body()).isZero();
        assertThat(ran.body().get("output").asText()).isEqualTo("created\n");
        assertThat(platform.post(gateway, run, alice, Map.of("confirm", true)).status()).isEqualTo(409);
        String containerId = platform.containersOf(workspaceId).getFirst().getId();
        assertThat(platform.exec(containerId, "cat /workspace/src/app.py")).contains(MARKER);

        Sse answer = chat(alice, "Explain @src/app.py and @leak please");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode context = Platform.JSON.readTree(answer.data().getFirst());
        assertThat(answer.events().getFirst()).isEqualTo("context");
        assertThat(context.at("/files/0/path").asText()).isEqualTo("src/app.py");
        assertThat(context.at("/missing/0/path").asText()).isEqualTo("leak");
        assertThat(context.at("/missing/0/reason").asText()).isEqualTo("path-outside-workspace");
        assertThat(answer.events().getLast()).isEqualTo("done");
        RecordedRequest prompt = stub.requests(r -> r.body().contains("Explain @src/app.py")).getFirst();
        assertThat(prompt.body()).contains("print(\\\"" + MARKER + "\\\")").doesNotContain("root:x:0");

        Map<String, String> admin = bearer(Idp.userToken(tenant, "admin"));
        await().atMost(SETTLE).until(() -> auditOfRun(admin) != null);
        JsonNode audited = auditOfRun(admin);
        assertThat(audited.at("/detail/command").asText()).isEqualTo(COMMAND);
        assertThat(audited.at("/detail/exitCode").asInt()).isZero();
        assertThat(audited.at("/actor/subject").asText()).isEqualTo("alice");
        assertThat(platform.get(gateway, "/api/v1/audit/verify", admin).body().get("intact").asBoolean()).isTrue();
    }

    /** alice's allowed run of a suggestion, as the audit trail shows it; null until it is there. */
    private static JsonNode auditOfRun(Map<String, String> admin) throws Exception {
        for (JsonNode item : platform.get(gateway, "/api/v1/audit?actor=alice", admin).body().path("items")) {
            if (item.get("action").asText().endsWith("/run") && item.get("outcome").asText().equals("ALLOWED")) {
                return item;
            }
        }
        return null;
    }

    private Sse chat(Map<String, String> caller, String text) throws Exception {
        String body = Platform.JSON.writeValueAsString(Map.of("messages",
                List.of(Map.of("role", "user", "content", text))));
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(gateway.url("/api/v1/workspaces/" + workspaceId + "/ai/chat")))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        caller.forEach(request::header);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        List<String> events = new ArrayList<>();
        List<String> data = new ArrayList<>();
        for (String line : response.body().lines().toList()) {
            if (line.startsWith("event:")) {
                events.add(line.substring(6).strip());
            } else if (line.startsWith("data:")) {
                data.add(line.substring(5));
            }
        }
        assertThat(response.headers().firstValue("X-AiCockpit-Audit-Detail")).as("stripped by the gateway")
                .isEmpty();
        return new Sse(response.statusCode(), response.body(), events, data);
    }

    private record Sse(int status, String body, List<String> events, List<String> data) {}

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }
}
