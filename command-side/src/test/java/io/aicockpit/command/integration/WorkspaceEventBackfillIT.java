package io.aicockpit.command.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aicockpit.command.support.CommandSideIT;
import io.aicockpit.testsupport.kafka.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A tenant's workspace-events topic lost its history (deleted here, as retention would); an org admin's backfill
 * puts back every event of the tenant from the event store, with its original CloudEvent id, in order per
 * workspace, and reports its progress.
 */
class WorkspaceEventBackfillIT extends CommandSideIT {
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void backfillReproducesTheFullHistoryWithTheOriginalIds() throws Exception {
        String tenant = uniqueTenant("replay");
        assertThat(client.post().uri("/api/v1/tenants").headers(operator()).body(tenantBody(tenant, 2)).retrieve()
                .toBodilessEntity().getStatusCode().value()).isEqualTo(201);
        for (int i = 0; i < 3; i++) {
            String id = client.post().uri("/api/v1/workspaces").headers(as(tenant, "alice", "DEVELOPER"))
                    .body(Map.of("name", "ws-" + i, "stackId", "busybox")).retrieve().body(JsonNode.class)
                    .get("workspaceId").asText();
            assertThat(client.patch().uri("/api/v1/workspaces/" + id).headers(as(tenant, "alice", "DEVELOPER"))
                    .body(Map.of("name", "renamed-" + i)).retrieve().toBodilessEntity().getStatusCode().value())
                    .isEqualTo(204);
        }
        List<String> stored = jdbc.queryForList("""
                SELECT eventidentifier FROM eventstore.domainevententry
                WHERE payloadtype LIKE 'io.aicockpit.coreapi.workspace.%'
                  AND convert_from(payload, 'UTF8')::jsonb ->> 'tenantId' = ? ORDER BY globalindex""", String.class,
                tenant);
        assertThat(stored).hasSize(6);
        String topic = "aicockpit.tenant." + tenant + ".workspace-events";
        assertThat(readIds(topic, stored.size())).containsExactlyInAnyOrderElementsOf(stored);

        try (Admin admin = Admin.create(TestKafka.clientProperties())) {
            admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> !admin.listTopics().names().get().contains(topic));
        }

        var started = client.post().uri("/api/v1/integrations/replays").headers(as(tenant, "admin-1", "ORG_ADMIN"))
                .body(Map.of("topic", "workspace-events")).retrieve().toEntity(JsonNode.class);
        assertThat(started.getStatusCode().value()).isEqualTo(202);
        String replay = started.getBody().get("id").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> "DONE".equals(client.get()
                .uri("/api/v1/integrations/replays/" + replay).headers(as(tenant, "admin-1", "ORG_ADMIN")).retrieve()
                .body(JsonNode.class).get("status").asText()));
        JsonNode done = client.get().uri("/api/v1/integrations/replays/" + replay)
                .headers(as(tenant, "admin-1", "ORG_ADMIN")).retrieve().body(JsonNode.class);
        assertThat(done.get("total").asLong()).isEqualTo(6);
        assertThat(done.get("published").asLong()).isEqualTo(6);

        List<ConsumerRecord<String, String>> replayed = read(topic, stored.size());
        assertThat(replayed).extracting(r -> header(r, "ce_id")).containsExactlyInAnyOrderElementsOf(stored);
        Map<String, List<Long>> sequences = new HashMap<>();
        replayed.forEach(r -> sequences.computeIfAbsent(r.key(), k -> new ArrayList<>())
                .add(Long.parseLong(header(r, "ce_sequence"))));
        assertThat(sequences.values()).allSatisfy(s -> assertThat(s).containsExactly(0L, 1L));

        assertThat(client.get().uri("/api/v1/integrations/replays/" + replay).headers(as(uniqueTenant("other"),
                "admin-2", "ORG_ADMIN")).retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(404);
        assertThat(client.post().uri("/api/v1/integrations/replays").headers(as(tenant, "admin-1", "ORG_ADMIN"))
                .body(Map.of("topic", "audit")).retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(400);
    }

    private static List<String> readIds(String topic, int count) {
        return read(topic, count).stream().map(r -> header(r, "ce_id")).toList();
    }

    private static List<ConsumerRecord<String, String>> read(String topic, int count) {
        Map<String, Object> config = new HashMap<>(TestKafka.clientProperties());
        config.put("group.id", "backfill-it-" + UUID.randomUUID());
        config.put("auto.offset.reset", "earliest");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= count;
            });
            consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
        }
        return records;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
