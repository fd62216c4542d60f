package io.aicockpit.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.aicockpit.support.contract.AsyncApiDocument.Channel;
import io.aicockpit.support.contract.AsyncApiDocument.Message;
import io.aicockpit.support.contract.AsyncApiDocument;
import io.aicockpit.testsupport.kafka.TestKafka;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Every record this run's platform published is what docs/events/asyncapi.yaml says: the run's internal topics and
 * the public topics of every tenant the run created, headers and JSON payload validated against the channel's
 * message schemas. It runs after the other system tests ({@link ClassOrderer.OrderAnnotation}, see
 * junit-platform.properties), so it reads what they made the platform publish; alone, it makes a workspace live
 * through the gateway so every kind of producer has published something.
 */
@Order(Integer.MAX_VALUE)
class EventContractSystemIT {
    static final Duration SETTLE = Duration.ofSeconds(60);
    static Platform platform;

    private final AsyncApiDocument document = AsyncApiDocument.load();
    private final SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    @BeforeAll
    static void platform() throws Exception {
        platform = Platform.get();
    }

    @Test
    void everyRecordOfTheRunIsWhatTheAsyncApiDocumentSays() throws Exception {
        String tenant = platform.onboardThroughGateway("events", null);
        Map<String, String> alice = Map.of("Authorization", "Bearer " + Idp.userToken(tenant, "alice"));
        ServiceProcess gateway = platform.gateway();
        Platform.Response created = platform.post(gateway, "/api/v1/workspaces", alice,
                Map.of("name", "events", "stackId", "busybox"));
        assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
        String id = created.body().get("workspaceId").asText();
        await().atMost(SETTLE).until(() -> "STOPPED".equals(platform.status(tenant, id)));
        assertThat(platform.post(gateway, "/api/v1/workspaces/" + id + "/start", alice, null).status()).isEqualTo(202);
        await().atMost(SETTLE).until(() -> "RUNNING".equals(platform.status(tenant, id)));
        // the node meters a running container every second: its usage reaches both usage topics
        await().atMost(SETTLE).until(() -> records(Platform.CONTAINER_USAGE_TOPIC).stream()
                .anyMatch(r -> id.equals(key(r))));
        assertThat(platform.post(gateway, "/api/v1/workspaces/" + id + "/stop", alice, null).status()).isEqualTo(202);
        await().atMost(SETTLE).until(() -> "STOPPED".equals(platform.status(tenant, id)));
        await().atMost(SETTLE).until(() -> records("aicockpit.tenant." + tenant + ".workspace-events").stream()
                .anyMatch(r -> "io.aicockpit.workspace.stopped.v1".equals(header(r, "ce_type"))));
        await().atMost(SETTLE).until(() -> !records("aicockpit.tenant." + tenant + ".audit").isEmpty());

        Map<String, Integer> seen = new TreeMap<>();
        List<String> invalid = new ArrayList<>();
        for (String topic : runTopics()) {
            String address = topic.replace(".system-" + Platform.RUN, "");
            Channel channel = document.channelOf(address).orElse(null);
            List<ConsumerRecord<byte[], byte[]>> records = records(topic);
            if (channel == null) {
                if (!records.isEmpty()) {
                    invalid.add(topic + ": " + records.size() + " records on a topic " + AsyncApiDocument.FILE
                            + " has no channel for");
                }
                continue;
            }
            for (ConsumerRecord<byte[], byte[]> record : records) {
                String problem = validate(channel, record, seen);
                if (problem != null) {
                    invalid.add(topic + " @" + record.partition() + ":" + record.offset() + " " + problem);
                }
            }
        }

        assertThat(invalid).as("records that do not match " + AsyncApiDocument.FILE).isEmpty();
        assertThat(seen).as("messages seen per channel").containsKeys(
                "workspaceEvents/workspaceEvent", "audit/auditRecorded", "containerActions/containerAction",
                "containerResults/containerResult", "containerUsageInternal/containerUsage", "usage/containerUsage");
    }

    /** Null when one of the channel's messages accepts the record; else why none does. */
    private String validate(Channel channel, ConsumerRecord<byte[], byte[]> record, Map<String, Integer> seen) {
        ObjectNode headers = Platform.JSON.createObjectNode();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        JsonNode payload;
        try {
            payload = Platform.JSON.readTree(record.value());
        } catch (Exception e) {
            return "payload is not JSON: " + e.getMessage();
        }
        List<String> reasons = new ArrayList<>();
        for (Message message : channel.messages()) {
            List<String> errors = new ArrayList<>();
            if (message.headers() != null) {
                errors.addAll(errors("headers", message.headers(), headers));
            }
            errors.addAll(errors("payload", message.payload(), payload));
            if (errors.isEmpty()) {
                seen.merge(channel.id() + "/" + message.name(), 1, Integer::sum);
                return null;
            }
            reasons.add(message.name() + ": " + errors);
        }
        return "matches no message of channel " + channel.id() + " " + reasons + "; headers " + headers
                + ", payload " + payload;
    }

    private List<String> errors(String part, Map<String, Object> schema, JsonNode instance) {
        try {
            Schema compiled = schemas.getSchema(Platform.JSON.writeValueAsString(schema));
            return compiled.validate(instance).stream().map(e -> part + " " + e.getInstanceLocation() + " "
                    + e.getMessage()).toList();
        } catch (Exception e) {
            throw new IllegalStateException("schema of " + part + " not usable: " + schema, e);
        }
    }

    /** The run's internal topics and the public topics of every tenant the run created. */
    private static Set<String> runTopics() throws Exception {
        Set<String> tenants = new TreeSet<>();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + Platform.PG + "/" + Platform.DATABASE,
                "postgres", "");
             var s = c.prepareStatement("SELECT DISTINCT aggregateidentifier FROM eventstore.domainevententry "
                     + "WHERE payloadtype = 'io.aicockpit.coreapi.tenant.TenantCreated'");
             var rs = s.executeQuery()) {
            while (rs.next()) {
                tenants.add(rs.getString(1));
            }
        }
        try (Admin admin = Admin.create(TestKafka.clientProperties())) {
            Set<String> topics = new TreeSet<>();
            for (String topic : admin.listTopics().names().get()) {
                boolean internal = topic.startsWith("aicockpit.internal.") && topic.endsWith(".system-" + Platform.RUN);
                boolean ofRunTenant = tenants.stream().anyMatch(t -> topic.startsWith("aicockpit.tenant." + t + "."));
                if (internal || ofRunTenant) {
                    topics.add(topic);
                }
            }
            return topics;
        }
    }

    /** Every record of the topic up to its current end. */
    private static List<ConsumerRecord<byte[], byte[]>> records(String topic) {
        Map<String, Object> config = new HashMap<>(TestKafka.clientProperties());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end in 30 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static String key(ConsumerRecord<byte[], byte[]> record) {
        return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
