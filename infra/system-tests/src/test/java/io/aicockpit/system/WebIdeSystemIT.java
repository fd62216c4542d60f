package io.aicockpit.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aicockpit.testsupport.openai.StubOpenAiServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web IDE as a browser sees it, served by the real gateway: the app shell with its Content-Security-Policy,
 * client routes falling back to index.html, the public login settings, and the end-to-end run in Debian's Chromium
 * ({@code frontend/e2e/workspace-lifecycle.spec.mjs}, playwright-core) through the real IdP's login page.
 * Screenshots: {@code infra/system-tests/target/e2e-screenshots}.
 */
class WebIdeSystemIT {
    /** HTTP/1.1 as browsers speak it over plain http (the JDK would offer an h2c upgrade on every new connection). */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static Platform platform;
    static ServiceProcess gateway;
    static String acme;
    static String globex;
    static StubOpenAiServer stub;
    /**
     * The in-editor AI's deterministic answer (frontend/e2e/ai-steps.mjs AI_SAY): the chat shows it in a code fence,
     * Ctrl+K proposes it for the file's five lines (two hunks), a completion is it, the command is its first line.
     */
    static final String AI_SAY = "echo ai-$((6*7))\necho beta\necho gamma\necho delta\necho EPSILON";

    @BeforeAll
    static void platform() throws Exception {
        platform = Platform.get();
        gateway = platform.gateway();
        acme = platform.onboardThroughGateway("webide-a", null);
        globex = platform.onboardThroughGateway("webide-b", null);
        // acme's AI service: the stub upstream, streaming slowly enough to be seen
        stub = StubOpenAiServer.start(0, null);
        Map<String, String> admin = Map.of("Authorization", "Bearer " + Idp.userToken(acme, "admin"));
        Platform.Response registered = platform.post(gateway, "/api/v1/ai-services", admin, Map.of(
                "name", "stub", "kind", "CUSTOM", "baseUrl", stub.baseUrl(),
                "defaultModel", "gpt-stub;fenced;chunks=6;chunkDelayMs=60;say="
                        + URLEncoder.encode(AI_SAY, StandardCharsets.UTF_8)));
        assertThat(registered.status()).as("%s", registered.body()).isEqualTo(201);
        assertThat(platform.send(gateway, "PUT", "/api/v1/ai-services/active", admin,
                Map.of("aiServiceId", registered.body().get("aiServiceId").asText())).status()).isEqualTo(204);
        Map<String, String> alice = Map.of("Authorization", "Bearer " + Idp.userToken(acme, "alice"));
        // ai-worker learns the service from the event store
        await().atMost(Duration.ofSeconds(60)).until(() -> platform.get(gateway, "/v1/models", alice).status() == 200);
    }

    @AfterAll
    static void stopStub() {
        if (stub != null) {
            stub.close();
        }
    }

    @Test
    void servesTheAppShellWithAStrictContentSecurityPolicy() throws Exception {
        HttpResponse<String> shell = get("/", "text/html");
        assertThat(shell.statusCode()).isEqualTo(200);
        assertThat(shell.body()).contains("<div id=\"root\"></div>").contains("/assets/index-");
        String csp = shell.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("default-src 'self'", "script-src 'self'", "worker-src 'self' blob:",
                "frame-ancestors 'none'", "object-src 'none'");
        assertThat(csp).doesNotContain("unsafe-eval");
        String idpOrigin = URI.create(Idp.issuer(acme)).resolve("/").toString().replaceAll("/$", "");
        assertThat(csp).contains("connect-src 'self'").contains(idpOrigin);
    }

    @Test
    void clientRoutesFallBackToTheAppButApiPathsDoNot() throws Exception {
        HttpResponse<String> route = get("/workspaces/1b4e28ba-2fa1-11d2-883f-0016d3cca427", "text/html");
        assertThat(route.statusCode()).isEqualTo(200);
        assertThat(route.body()).contains("<div id=\"root\"></div>");
        assertThat(get("/api/v1/workspaces", "text/html").statusCode()).isEqualTo(401);
        assertThat(get("/assets/missing-chunk.js", "*/*").statusCode()).isIn(401, 404);
    }

    @Test
    void publishesATenantsLoginSettingsWithoutAToken() throws Exception {
        HttpResponse<String> settings = get("/api/v1/login-settings/" + acme, "application/json");
        assertThat(settings.statusCode()).isEqualTo(200);
        var body = Platform.JSON.readTree(settings.body());
        assertThat(body.get("tenant").asText()).isEqualTo(acme);
        assertThat(body.get("issuer").asText()).isEqualTo(Idp.issuer(acme));
        assertThat(body.get("clientId").asText()).isEqualTo("aicockpit-web");
        assertThat(body.get("scopes").asText()).contains("openid");
        assertThat(body.has("audiences")).isFalse();
    }

    @Test
    void refusesLoginSettingsOfAnUnknownTenantWithAProblem() throws Exception {
        HttpResponse<String> unknown = get("/api/v1/login-settings/no-such-tenant", "application/json");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(Platform.JSON.readTree(unknown.body()).get("type").asText())
                .isEqualTo("urn:aicockpit:problem:tenant-not-found");
    }

    @Test
    void developerSignsInStartsAWorkspaceAndAnotherTenantSeesNoneOfItInChromium() throws Exception {
        Path frontend = Path.of(System.getProperty("aicockpit.repo.root", "../..")).resolve("frontend");
        Path chromium = Path.of(System.getenv().getOrDefault("AICOCKPIT_E2E_CHROMIUM", "/usr/bin/chromium"));
        assertThat(chromium).as("Chromium (apt-get install -y --no-install-recommends chromium)").exists();
        if (!Files.isDirectory(frontend.resolve("node_modules/playwright-core"))) {
            run(frontend, List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), Duration.ofMinutes(5));
        }
        Path screenshots = Path.of("target", "e2e-screenshots").toAbsolutePath();
        Map<String, String> env = new HashMap<>(Map.of(
                "AICOCKPIT_E2E_BASE_URL", gateway.url(""),
                "AICOCKPIT_E2E_TENANT", acme,
                "AICOCKPIT_E2E_OTHER_TENANT", globex,
                "AICOCKPIT_E2E_STACK", "busybox",
                "AICOCKPIT_E2E_ROLE_CLAIMS", "1",
                "AICOCKPIT_E2E_IDE", "1",
                "AICOCKPIT_E2E_NODE_APIS", System.getenv().getOrDefault("AICOCKPIT_E2E_NODE_APIS", "1"),
                "AICOCKPIT_E2E_SCREENSHOTS", screenshots.toString(),
                "AICOCKPIT_E2E_CHROMIUM", chromium.toString(),
                // the real status stream, files and terminal: any failed request of the app fails the run
                "AICOCKPIT_E2E_OPTIONAL_ENDPOINTS", System.getenv().getOrDefault("AICOCKPIT_E2E_OPTIONAL_ENDPOINTS",
                        "")));
        // with the node APIs: chat, Ctrl+K hunks, inline completion and a described command (e2e/ai-steps.mjs)
        env.put("AICOCKPIT_E2E_AI", System.getenv().getOrDefault("AICOCKPIT_E2E_AI", "1"));
        int exit = run(frontend, List.of("node", "e2e/workspace-lifecycle.spec.mjs"), env, Duration.ofMinutes(8));
        assertThat(exit).as("e2e exit code (output in target/system-it/e2e.log)").isZero();
        try (var shots = Files.list(screenshots)) {
            assertThat(shots.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.endsWith("-workspace-running.png")).anyMatch(n -> n.endsWith("-ide.png"));
        }
        if ("1".equals(env.get("AICOCKPIT_E2E_NODE_APIS")) && "1".equals(env.get("AICOCKPIT_E2E_AI"))) {
            try (var shots = Files.list(screenshots)) {
                assertThat(shots.map(p -> p.getFileName().toString()).toList())
                        .anySatisfy(n -> assertThat(n).endsWith("-ai-chat.png"))
                        .anySatisfy(n -> assertThat(n).endsWith("-ai-ctrl-k-diff.png"))
                        .anySatisfy(n -> assertThat(n).endsWith("-ai-inline-completion.png"))
                        .anySatisfy(n -> assertThat(n).endsWith("-ai-command-output.png"));
            }
            // the mentioned file went to the model as context, read from the workspace through the node
            assertThat(stub.requests(r -> r.body().contains("What does @ai-demo.sh do?")))
                    .singleElement().satisfies(r -> assertThat(r.body()).contains("echo alpha", "echo epsilon"));
            // the confirmation of the described command is in the audit trail, with the command typed
            Map<String, String> admin = Map.of("Authorization", "Bearer " + Idp.userToken(acme, "admin"));
            await().atMost(Duration.ofSeconds(30)).until(() -> confirmationAudit(admin) != null);
            JsonNode audited = confirmationAudit(admin);
            assertThat(audited.at("/detail/command").asText()).isEqualTo("echo ai-$((6*7))");
            assertThat(audited.at("/detail/typedIntoTerminal").asBoolean()).isTrue();
            assertThat(audited.at("/actor/subject").asText()).isEqualTo("alice");
        }
    }

    /** alice's allowed confirmation of a described command, as the audit trail shows it; null until it is there. */
    private static JsonNode confirmationAudit(Map<String, String> admin) throws Exception {
        for (JsonNode item : platform.get(gateway, "/api/v1/audit?actor=alice", admin).body().path("items")) {
            if (item.get("action").asText().endsWith("/confirm") && item.get("outcome").asText().equals("ALLOWED")) {
                return item;
            }
        }
        return null;
    }

    private static HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway.url(path))).header("Accept", accept)
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int run(Path dir, List<String> command, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        Path log = Path.of("target", "system-it", "e2e.log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command + " timed out; see " + log);
        }
        System.out.println(Files.readString(log));
        return p.exitValue();
    }
}
