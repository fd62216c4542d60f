package io.aicockpit.command.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aicockpit.command.support.CommandSideIT;
import io.aicockpit.testsupport.kafka.TestKafka;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.quota.ClientQuotaFilterComponent;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * A credential's fetch quota holds back a consumer that floods, while another tenant's consumer, reading at the
 * same time, gets its data at its own pace. Kafka measures the rate over an 11 s window, so a fresh consumer may
 * burst about ten seconds' worth first: the flooder's quota is lowered to 256 KiB/s here (as an operator would,
 * docs/integrations.md) so that 6 MiB are well past the burst.
 */
class IntegrationQuotaIT extends CommandSideIT {
    private static final int RECORD = 64 * 1024;
    private static final long QUOTA = 256 * 1024;

    private static void lowerQuota(String principal, long bytesPerSecond) throws Exception {
        ClientQuotaEntity user = new ClientQuotaEntity(Map.of(ClientQuotaEntity.USER, principal));
        try (Admin admin = Admin.create(TestKafka.clientProperties())) {
            admin.alterClientQuotas(List.of(new ClientQuotaAlteration(user, List.of(
                    new ClientQuotaAlteration.Op("consumer_byte_rate", (double) bytesPerSecond))))).all()
                    .get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> Double.valueOf(bytesPerSecond).equals(
                    admin.describeClientQuotas(ClientQuotaFilter.containsOnly(List.of(
                            ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.USER, principal)))).entities().get()
                            .getOrDefault(user, Map.of()).get("consumer_byte_rate")));
        }
    }

    @Test
    void aFloodingConsumerIsThrottledWhileAnotherTenantsKeepsItsThroughput() throws Exception {
        String flooder = uniqueTenant("flood");
        String neighbour = uniqueTenant("calm");
        String flooderTopic = fill(flooder, 96);   // 6 MiB: past the burst, then 256 KiB/s
        String neighbourTopic = fill(neighbour, 8); // 512 KiB: half a second at the default 1 MiB/s
        JsonNode flooderCredential = create(flooder);
        JsonNode neighbourCredential = create(neighbour);
        assertThat(flooderCredential.at("/quotas/consumerByteRate").asLong()).isEqualTo(1_048_576L);
        lowerQuota(flooderCredential.get("principal").asText(), QUOTA);

        CompletableFuture<Read> flood = CompletableFuture.supplyAsync(() -> readAll(flooderCredential, flooderTopic, 96));
        Read calm = readAll(neighbourCredential, neighbourTopic, 8);
        Read flooded = flood.get(2, TimeUnit.MINUTES);

        double floodRate = 96.0 * RECORD / flooded.elapsed().toMillis() * 1000;
        assertThat(floodRate).as("flooder's bytes per second").isLessThan(2.0 * QUOTA);
        assertThat(flooded.throttleMs()).as("broker throttled the flooder").isGreaterThan(0);
        assertThat(calm.elapsed()).as("the neighbour read its 512 KiB while the flooder was held back")
                .isLessThan(flooded.elapsed()).isLessThan(Duration.ofSeconds(4));
    }

    record Read(Duration elapsed, double throttleMs) {}

    private JsonNode create(String tenant) {
        return client.post().uri("/api/v1/integrations/credentials").headers(as(tenant, "admin-1", "ORG_ADMIN"))
                .body(Map.of("name", "quota")).retrieve().body(JsonNode.class);
    }

    private static String fill(String tenant, int records) throws Exception {
        String topic = "aicockpit.tenant." + tenant + ".usage";
        try (Admin admin = Admin.create(TestKafka.clientProperties());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(TestKafka.clientProperties(),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            byte[] value = new byte[RECORD];
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, value));
            }
            producer.flush();
        }
        return topic;
    }

    private static Read readAll(JsonNode credential, String topic, int records) {
        Map<String, Object> config = new HashMap<>(TestKafka.clientProperties(credential.get("principal").asText(),
                credential.get("secret").asText()));
        config.put("group.id", credential.get("groupPrefix").asText() + "quota");
        config.put("auto.offset.reset", "earliest");
        config.put("max.partition.fetch.bytes", 1_048_576);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long start = 0;
            int read = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (read < records && System.nanoTime() < deadline) {
                int got = consumer.poll(Duration.ofMillis(200)).count();
                if (got > 0 && start == 0) {
                    start = System.nanoTime();
                }
                read += got;
            }
            assertThat(read).as("records of " + topic).isEqualTo(records);
            double throttle = consumer.metrics().entrySet().stream()
                    .filter(e -> e.getKey().name().equals("fetch-throttle-time-max"))
                    .map(Map.Entry::getValue).map(Metric::metricValue).filter(Double.class::isInstance)
                    .mapToDouble(Double.class::cast).filter(v -> !Double.isNaN(v)).max().orElse(0);
            return new Read(Duration.ofNanos(System.nanoTime() - start), throttle);
        }
    }
}
