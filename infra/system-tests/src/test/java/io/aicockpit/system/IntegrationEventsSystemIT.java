package io.aicockpit.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aicockpit.system.Platform.Response;
import io.aicockpit.testsupport.kafka.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An organization's integration, end to end: its org admin creates a Kafka credential through the gateway (audited,
 * the secret in no audit record), a developer creates, starts and stops a workspace through the gateway, and a plain
 * Kafka consumer logged in with that credential reads the workspace's CloudEvents in order. Every service runs as
 * its own least-privilege principal.
 */
class IntegrationEventsSystemIT {
    static final Duration SETTLE = Duration.ofSeconds(60);
    static Platform platform;
    static ServiceProcess gateway;

    @BeforeAll
    static void platform() throws Exception {
        platform = Platform.get();
        gateway = platform.gateway();
    }

    @Test
    void anIntegrationReadsItsTenantsWorkspaceEventsInOrder() throws Exception {
        String tenant = platform.onboardThroughGateway("integ", null);
        Response created = platform.post(gateway, "/api/v1/integrations/credentials", admin(tenant),
                Map.of("name", "siem"));
        assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
        JsonNode credential = created.body();
        String secret = credential.get("secret").asText();

        Map<String, String> alice = Map.of("Authorization", "Bearer " + Idp.userToken(tenant, "alice"));
        Response ws = platform.post(gateway, "/api/v1/workspaces", alice, Map.of("name", "watched", "stackId", "busybox"));
        assertThat(ws.status()).as("%s", ws.body()).isEqualTo(201);
        String id = ws.body().get("workspaceId").asText();
        assertThat(platform.post(gateway, "/api/v1/workspaces/" + id + "/start", alice, null).status()).isEqualTo(202);
        await().atMost(SETTLE).until(() -> "RUNNING".equals(platform.status(tenant, id)));
        assertThat(platform.post(gateway, "/api/v1/workspaces/" + id + "/stop", alice, null).status()).isEqualTo(202);
        await().atMost(SETTLE).until(() -> "STOPPED".equals(platform.status(tenant, id)));

        List<String> types = new ArrayList<>();
        Map<String, Object> config = new HashMap<>(TestKafka.clientProperties(credential.get("principal").asText(),
                secret));
        config.put("bootstrap.servers", credential.get("bootstrapServers").asText());
        config.put("group.id", credential.get("groupPrefix").asText() + "siem");
        config.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(credential.get("topicPrefix").asText() + "workspace-events"));
            await().atMost(SETTLE).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (id.equals(record.key())) {
                        types.add(header(record, "ce_type"));
                    }
                }
                return types.contains("io.aicockpit.workspace.stopped.v1");
            });
        }
        assertThat(types).containsExactly("io.aicockpit.workspace.created.v1",
                "io.aicockpit.workspace.placed.v1", "io.aicockpit.workspace.start-requested.v1",
                "io.aicockpit.workspace.started.v1",
                "io.aicockpit.workspace.stop-requested.v1", "io.aicockpit.workspace.stopped.v1");

        Response audit = platform.get(gateway, "/api/v1/audit?limit=50", admin(tenant));
        assertThat(audit.status()).isEqualTo(200);
        assertThat(audit.body().get("items").findValuesAsText("action"))
                .contains("POST /api/v1/integrations/credentials");
        assertThat(audit.body().toString()).doesNotContain(secret);
    }

    private static Map<String, String> admin(String tenant) {
        return Map.of("Authorization", "Bearer " + Idp.userToken(tenant, "admin"));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
