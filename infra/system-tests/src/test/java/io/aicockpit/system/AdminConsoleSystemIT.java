package io.aicockpit.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.aicockpit.testsupport.openai.StubOpenAiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin console in Debian's Chromium against the real gateway, services, IdP and the stub OpenAI upstream
 * ({@code frontend/e2e/admin-console.spec.mjs}): AI services, usage, audit with CSV parity and chain verification,
 * what an auditor and a developer may see, and an operator onboarding a tenant. Screenshots:
 * {@code infra/system-tests/target/e2e-screenshots}; browser log: {@code target/system-it/admin-e2e.log}.
 */
class AdminConsoleSystemIT {
    static Platform platform;
    static ServiceProcess gateway;
    static StubOpenAiServer stub;
    static String tenant;
    static final long TENANT_RPM = 5000;

    @BeforeAll
    static void aTenantAndAStubUpstream() throws Exception {
        platform = Platform.get();
        gateway = platform.gateway();
        stub = StubOpenAiServer.start(0, null);
        // one limit set for the tenant, so the settings page shows an override next to the platform defaults
        tenant = platform.onboardThroughGateway("console", Map.of("tenantRequestsPerMinute", TENANT_RPM));
        Idp.grant(tenant, "audrey", "AUDITOR");
    }

    @AfterAll
    static void stopStub() {
        if (stub != null) {
            stub.close();
        }
    }

    @Test
    void orgAdminAuditorDeveloperAndOperatorUseTheAdminConsoleInChromium() throws Exception {
        Path frontend = Path.of(System.getProperty("aicockpit.repo.root", "../..")).resolve("frontend");
        Path chromium = Path.of(System.getenv().getOrDefault("AICOCKPIT_E2E_CHROMIUM", "/usr/bin/chromium"));
        assertThat(chromium).as("Chromium (apt-get install -y --no-install-recommends chromium)").exists();
        if (!Files.isDirectory(frontend.resolve("node_modules/playwright-core"))) {
            run(frontend, List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), Duration.ofMinutes(5));
        }
        Path screenshots = Path.of("target", "e2e-screenshots", "admin").toAbsolutePath();
        String onboarded = "onboard-" + UUID.randomUUID().toString().substring(0, 8);
        int exit = run(frontend, List.of("node", "e2e/admin-console.spec.mjs"), Map.of(
                "AICOCKPIT_E2E_BASE_URL", gateway.url(""),
                "AICOCKPIT_E2E_TENANT", tenant,
                "AICOCKPIT_E2E_STUB_URL", stub.baseUrl(),
                "AICOCKPIT_E2E_NEW_TENANT", onboarded,
                "AICOCKPIT_E2E_NEW_TENANT_ISSUER", Idp.issuer(onboarded),
                "AICOCKPIT_E2E_ROLE_CLAIMS", "1",
                "AICOCKPIT_E2E_TENANT_REQUESTS_PER_MINUTE", String.valueOf(TENANT_RPM),
                // the workspace list (the org admin's start page) reads the status stream, built concurrently
                "AICOCKPIT_E2E_OPTIONAL_ENDPOINTS", System.getenv().getOrDefault("AICOCKPIT_E2E_OPTIONAL_ENDPOINTS",
                        "/api/v1/workspaces/events"),
                "AICOCKPIT_E2E_SCREENSHOTS", screenshots.toString(),
                "AICOCKPIT_E2E_CHROMIUM", chromium.toString()), Duration.ofMinutes(6));
        assertThat(exit).as("e2e exit code (output in target/system-it/admin-e2e.log)").isZero();
        try (var shots = Files.list(screenshots)) {
            assertThat(shots.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith("-admin-ai-services.png"))
                    .anyMatch(n -> n.endsWith("-admin-usage.png")).anyMatch(n -> n.endsWith("-admin-audit.png"))
                    .anyMatch(n -> n.endsWith("-auditor-no-ai-services.png"))
                    .anyMatch(n -> n.endsWith("-operator-tenants.png"))
                    .anyMatch(n -> n.endsWith("-admin-settings.png"));
        }
        // the org admin's idle timeout went through command-side: 45 minutes
        Map<String, String> operator = Map.of("Authorization", "Bearer " + Idp.clientToken(Idp.PLATFORM, "ops"));
        var idle = platform.get(gateway, "/api/v1/tenants/" + tenant + "/idle-timeout", operator).body();
        assertThat(idle.path("enabled").asBoolean()).isTrue();
        assertThat(idle.path("timeoutSeconds").asLong()).isEqualTo(2700);
        // the operator's onboarding went through the real APIs: the gateway now knows the tenant's issuer
        assertThat(platform.get(gateway, "/api/v1/login-settings/" + onboarded, Map.of()).body()
                .path("issuer").asText()).isEqualTo(Idp.issuer(onboarded));
    }

    private static int run(Path dir, List<String> command, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        Path log = Path.of("target", "system-it", "admin-e2e.log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        Files.deleteIfExists(log);
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
