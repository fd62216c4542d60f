package io.aicockpit.command.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aicockpit.command.support.CommandSideIT;
import io.aicockpit.testsupport.kafka.TestKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Integration credentials against the real broker with real SCRAM logins: what a credential may read, everything it
 * may not, and that rotation and revocation take effect. Tenant A's and B's public topics hold one record each.
 */
class IntegrationCredentialIT extends CommandSideIT {
    private static final String BASE = "/api/v1/integrations/credentials";

    @Autowired
    JdbcTemplate jdbc;

    private String tenantA;
    private String tenantB;
    private String topicA;
    private String topicB;

    @BeforeEach
    void tenantsWithEvents() throws Exception {
        tenantA = uniqueTenant("inta");
        tenantB = uniqueTenant("intb");
        topicA = "aicockpit.tenant." + tenantA + ".workspace-events";
        topicB = "aicockpit.tenant." + tenantB + ".workspace-events";
        try (Admin admin = Admin.create(TestKafka.clientProperties());
             KafkaProducer<String, String> producer = new KafkaProducer<>(TestKafka.clientProperties(),
                     new StringSerializer(), new StringSerializer())) {
            for (String topic : List.of(topicA, topicB)) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
                producer.send(new ProducerRecord<>(topic, "ws-1", "event of " + topic)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void createShowsTheSecretOnceAndKeepsItNowhere() {
        ResponseEntity<JsonNode> created = create(tenantA, "siem");
        assertThat(created.getStatusCode().value()).isEqualTo(201);
        JsonNode body = created.getBody();
        String secret = body.get("secret").asText();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(40);
        assertThat(body.get("principal").asText()).startsWith("int." + tenantA + ".");
        assertThat(body.get("saslMechanism").asText()).isEqualTo("SCRAM-SHA-512");
        assertThat(body.get("topicPrefix").asText()).isEqualTo("aicockpit.tenant." + tenantA + ".");
        assertThat(body.get("groupPrefix").asText()).isEqualTo(body.get("principal").asText() + ".");
        assertThat(body.get("bootstrapServers").asText()).isEqualTo(TestKafka.bootstrap());
        assertThat(body.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(created.getHeaders().getLocation()).hasToString(BASE + "/" + body.get("id").asText());

        JsonNode list = client.get().uri(BASE).headers(as(tenantA, "admin-1", "ORG_ADMIN")).retrieve()
                .body(JsonNode.class);
        assertThat(list.get("items")).hasSize(1);
        assertThat(list.get("items").get(0).has("secret")).isFalse();
        assertThat(list.toString()).doesNotContain(secret);
        Integer eventsWithSecret = jdbc.queryForObject("SELECT count(*) FROM eventstore.domainevententry"
                + " WHERE convert_from(payload, 'UTF8') LIKE ?", Integer.class, "%" + secret + "%");
        assertThat(eventsWithSecret).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM eventstore.domainevententry WHERE payloadtype LIKE ?"
                + " AND convert_from(payload, 'UTF8') LIKE ?", Integer.class, "%IntegrationCredentialCreated",
                "%" + body.get("principal").asText() + "%")).isEqualTo(1);
    }

    @Test
    void readsItsTenantsTopicsWithAGroupOfItsOwn() {
        JsonNode credential = create(tenantA, "reader").getBody();
        try (KafkaConsumer<String, String> consumer = consumer(credential, groupOf(credential, "g1"))) {
            consumer.subscribe(List.of(topicA));
            List<String> values = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                return !values.isEmpty();
            });
            assertThat(values).containsExactly("event of " + topicA);
            consumer.commitSync();
        }
    }

    @Test
    void readsNoOtherTenantsTopicNorAnInternalOne() {
        JsonNode credential = create(tenantA, "nosy").getBody();
        for (String topic : List.of(topicB, ACTIONS_TOPIC)) {
            try (KafkaConsumer<String, String> consumer = consumer(credential, null)) {
                consumer.assign(List.of(new TopicPartition(topic, 0)));
                consumer.seekToBeginning(consumer.assignment());
                assertThatThrownBy(() -> pollUntilRecords(consumer)).as(topic)
                        .isInstanceOf(TopicAuthorizationException.class);
            }
        }
    }

    @Test
    void clusterMetadataShowsOnlyItsOwnTenantsTopics() throws Exception {
        JsonNode credential = create(tenantA, "lister").getBody();
        try (Admin admin = Admin.create(properties(credential))) {
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertThat(topics).contains(topicA)
                    .allSatisfy(t -> assertThat(t).startsWith("aicockpit.tenant." + tenantA + "."));
        }
    }

    @Test
    void mayNotProduceCreateTopicsOrUseAnotherGroup() throws Exception {
        JsonNode credential = create(tenantA, "writer").getBody();
        Map<String, Object> producerProperties = new HashMap<>(properties(credential));
        producerProperties.put("max.block.ms", 10_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties,
                new StringSerializer(), new StringSerializer())) {
            // an idempotent producer may already be refused its producer id, a plain one the write: both are refusals
            Throwable refused = catchThrowable(() -> producer.send(new ProducerRecord<>(topicA, "k", "forged"))
                    .get(30, TimeUnit.SECONDS));
            assertThat(causes(refused)).anyMatch(AuthorizationException.class::isInstance);
        }
        try (Admin admin = Admin.create(properties(credential))) {
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic(
                    "aicockpit.tenant." + tenantA + ".mine", 1, (short) 1))).all().get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        try (KafkaConsumer<String, String> consumer = consumer(credential, "other-group-" + UUID.randomUUID())) {
            consumer.subscribe(List.of(topicA));
            assertThatThrownBy(() -> pollUntilRecords(consumer)).isInstanceOf(GroupAuthorizationException.class);
        }
    }

    @Test
    void withoutCredentialsTheBrokerLetsNobodyIn() throws Exception {
        Map<String, Object> anonymous = Map.of("bootstrap.servers", TestKafka.bootstrap(),
                "request.timeout.ms", 3000, "default.api.timeout.ms", 5000);
        try (Admin admin = Admin.create(anonymous)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(8, TimeUnit.SECONDS))
                    .isInstanceOfAny(TimeoutException.class, ExecutionException.class);
        }
        Map<String, Object> wrongSecret = new HashMap<>(TestKafka.clientProperties(
                create(tenantA, "guessed").getBody().get("principal").asText(), "not-the-secret"));
        try (Admin admin = Admin.create(wrongSecret)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void aRevokedCredentialStopsWithinSeconds() throws Exception {
        JsonNode credential = create(tenantA, "leaving").getBody();
        KafkaConsumer<String, String> consumer = consumer(credential, groupOf(credential, "g"));
        try {
            consumer.subscribe(List.of(topicA));
            pollUntilRecords(consumer);

            long revokedAt = System.nanoTime();
            assertThat(client.delete().uri(BASE + "/" + credential.get("id").asText())
                    .headers(as(tenantA, "admin-1", "ORG_ADMIN")).retrieve().toBodilessEntity().getStatusCode().value())
                    .isEqualTo(204);
            consumer.seekToBeginning(consumer.assignment());
            assertThatThrownBy(() -> pollUntilRecords(consumer)).isInstanceOf(AuthorizationException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - revokedAt)).isLessThan(Duration.ofSeconds(10));
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (org.apache.kafka.common.KafkaException refused) {
                // leaving the group is refused as well: the credential has no ACL left
            }
        }
        try (Admin admin = Admin.create(properties(credential))) {
            assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
        JsonNode listed = client.get().uri(BASE + "/" + credential.get("id").asText())
                .headers(as(tenantA, "admin-1", "ORG_ADMIN")).retrieve().body(JsonNode.class);
        assertThat(listed.get("status").asText()).isEqualTo("REVOKED");
        assertThat(client.post().uri(BASE + "/" + credential.get("id").asText() + "/rotate")
                .headers(as(tenantA, "admin-1", "ORG_ADMIN")).retrieve().toBodilessEntity().getStatusCode().value())
                .isEqualTo(409);
    }

    @Test
    void aRotatedCredentialLogsInWithTheNewSecretOnly() throws Exception {
        JsonNode credential = create(tenantA, "rotating").getBody();
        ResponseEntity<JsonNode> rotated = client.post().uri(BASE + "/" + credential.get("id").asText() + "/rotate")
                .headers(as(tenantA, "admin-1", "ORG_ADMIN")).retrieve().toEntity(JsonNode.class);
        assertThat(rotated.getStatusCode().value()).isEqualTo(200);
        assertThat(rotated.getBody().get("secret").asText()).isNotEqualTo(credential.get("secret").asText());
        assertThat(rotated.getBody().get("rotatedAt").isNull()).isFalse();
        try (Admin admin = Admin.create(properties(credential))) {
            assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
        try (KafkaConsumer<String, String> consumer = consumer(rotated.getBody(), groupOf(credential, "g"))) {
            consumer.subscribe(List.of(topicA));
            assertThat(pollUntilRecords(consumer)).extracting(ConsumerRecord::value)
                    .containsExactly("event of " + topicA);
        }
    }

    @Test
    void onlyTheTenantsOrgAdminsSeeTheirCredentials() {
        String id = create(tenantA, "private").getBody().get("id").asText();
        for (String path : List.of(BASE + "/" + id, BASE + "/not-a-uuid")) {
            assertThat(client.get().uri(path).headers(as(tenantB, "admin-b", "ORG_ADMIN")).retrieve()
                    .toEntity(JsonNode.class)).satisfies(r -> {
                        assertThat(r.getStatusCode().value()).isEqualTo(404);
                        assertThat(r.getBody().get("type").asText())
                                .isEqualTo("urn:aicockpit:problem:integration-credential-not-found");
                    });
        }
        assertThat(status(client.post().uri(BASE + "/" + id + "/rotate").headers(as(tenantB, "admin-b", "ORG_ADMIN"))))
                .isEqualTo(404);
        assertThat(status(client.delete().uri(BASE + "/" + id).headers(as(tenantB, "admin-b", "ORG_ADMIN"))))
                .isEqualTo(404);
        assertThat(client.get().uri(BASE).headers(as(tenantB, "admin-b", "ORG_ADMIN")).retrieve()
                .body(JsonNode.class).get("items")).isEmpty();
        assertThat(status(client.get().uri(BASE).headers(as(tenantA, "dev-1", "DEVELOPER")))).isEqualTo(403);
        assertThat(status(client.post().uri(BASE).headers(as(tenantA, "admin-1", "ORG_ADMIN"))
                .body(Map.of("name", "x", "tenantId", tenantB)))).isEqualTo(400);
        assertThat(status(client.post().uri(BASE).headers(as(tenantA, "admin-1", "ORG_ADMIN"))
                .body(Map.of("name", "")))).isEqualTo(400);
    }

    private static List<Throwable> causes(Throwable thrown) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = thrown; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private int status(org.springframework.web.client.RestClient.RequestHeadersSpec<?> request) {
        return request.retrieve().toBodilessEntity().getStatusCode().value();
    }

    private ResponseEntity<JsonNode> create(String tenant, String name) {
        return client.post().uri(BASE).headers(as(tenant, "admin-1", "ORG_ADMIN")).body(Map.of("name", name))
                .retrieve().toEntity(JsonNode.class);
    }

    private static String groupOf(JsonNode credential, String suffix) {
        return credential.get("groupPrefix").asText() + suffix;
    }

    private static Map<String, Object> properties(JsonNode credential) {
        Map<String, Object> properties = new HashMap<>(TestKafka.clientProperties(
                credential.get("principal").asText(), credential.get("secret").asText()));
        properties.put("request.timeout.ms", 10_000);
        properties.put("default.api.timeout.ms", 20_000);
        return properties;
    }

    private static KafkaConsumer<String, String> consumer(JsonNode credential, String group) {
        Map<String, Object> properties = properties(credential);
        if (group != null) {
            properties.put("group.id", group);
        }
        properties.put("auto.offset.reset", "earliest");
        properties.put("enable.auto.commit", "false");
        return new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    }

    /** Polls until a record arrives (returning them) or the broker refuses (throwing), for at most 20 s. */
    private static List<ConsumerRecord<String, String>> pollUntilRecords(KafkaConsumer<String, String> consumer) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (records.isEmpty() && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        assertThat(records).as("records within 20 s").isNotEmpty();
        return records;
    }
}
