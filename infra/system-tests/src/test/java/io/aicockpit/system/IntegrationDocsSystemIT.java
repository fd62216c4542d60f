package io.aicockpit.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aicockpit.system.Platform.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the commands docs/integrations.md shows (every fenced block after a {@code <!-- doc-test -->} marker), as an
 * integrator would: get a credential through the gateway, write the client configuration, read the tenant's
 * workspace events with the Kafka console consumer and with the small Java consumer.
 */
class IntegrationDocsSystemIT {
    private static final String MARKER = "<!-- doc-test -->";

    @Test
    void theIntegrationGuidesCommandsWork() throws Exception {
        Platform platform = Platform.get();
        ServiceProcess gateway = platform.gateway();
        String tenant = platform.onboardThroughGateway("docs", null);
        Map<String, String> alice = Map.of("Authorization", "Bearer " + Idp.userToken(tenant, "alice"));
        Response ws = platform.post(gateway, "/api/v1/workspaces", alice, Map.of("name", "documented", "stackId",
                "busybox"));
        assertThat(ws.status()).isEqualTo(201);
        String id = ws.body().get("workspaceId").asText();
        // the guide reads what is there: wait until command-side published the workspace's first event
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                io.aicockpit.testsupport.kafka.TestKafka.clientProperties())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> admin.listTopics().names().get()
                    .contains("aicockpit.tenant." + tenant + ".workspace-events"));
        }

        Path root = repositoryRoot();
        String script = "set -euo pipefail\n" + String.join("\n", docTestBlocks(root.resolve("docs/integrations.md")));
        Path dir = Files.createTempDirectory("integration-docs");
        Files.createSymbolicLink(dir.resolve("docs"), root.resolve("docs"));
        ProcessBuilder bash = new ProcessBuilder("bash", "-c", script).directory(dir.toFile()).redirectErrorStream(true);
        bash.environment().putAll(Map.of("GATEWAY", gateway.url(""), "TENANT", tenant,
                "ADMIN", Idp.userToken(tenant, "admin"),
                "KAFKA_LIBS", root.resolve("build/kafka/libs").toString()));
        Process process = bash.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();

        // the console consumer prints the headers and the key; the Java consumer one line per event
        assertThat(output).contains("ce_type:io.aicockpit.workspace.created.v1")
                .contains("io.aicockpit.workspace.created.v1 workspace=" + id)
                .contains("\"topicPrefix\": \"aicockpit.tenant." + tenant + ".\"");
        assertThat(Files.readString(dir.resolve("integration.properties"))).contains("SCRAM-SHA-512");
    }

    static List<String> docTestBlocks(Path doc) throws Exception {
        List<String> blocks = new ArrayList<>();
        List<String> lines = Files.readAllLines(doc);
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals(MARKER)) {
                continue;
            }
            int start = i + 1;
            if (start >= lines.size() || !lines.get(start).startsWith("```")) {
                throw new IllegalStateException(doc + ":" + (i + 1) + ": " + MARKER + " must precede a fenced block");
            }
            StringBuilder block = new StringBuilder();
            int j = start + 1;
            for (; j < lines.size() && !lines.get(j).startsWith("```"); j++) {
                block.append(lines.get(j)).append('\n');
            }
            blocks.add(block.toString());
            i = j;
        }
        assertThat(blocks).as("doc-test blocks in " + doc).hasSizeGreaterThanOrEqualTo(4);
        return blocks;
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs/integrations.md"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no docs/integrations.md above " + Path.of("").toAbsolutePath());
    }
}
