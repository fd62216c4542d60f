package io.aicockpit.gateway.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes stored audit records to the tenant's public topic {@code aicockpit.tenant.<tenant>.audit}, keyed by
 * tenant so one partition keeps the chain's order, as structured-mode CloudEvents JSON
 * ({@code aicockpit.gateway.audit.kafka.enabled=false} turns publishing off). It runs on its own thread
 * after the database commit so a slow or absent broker never holds up the audit writer; the database stays the
 * record of truth, and records that cannot be published are counted and logged, not retried.
 */
final class AuditPublisher implements AutoCloseable {
    static final String EVENT_TYPE = "io.aicockpit.audit.recorded.v1";
    static final String SOURCE = "/aicockpit/api-gateway";
    private static final Logger log = LoggerFactory.getLogger(AuditPublisher.class);

    private final Producer<String, String> producer;
    private final Admin admin;
    private final ObjectMapper json;
    private final AuditProperties.Kafka settings;
    private final ThreadPoolExecutor executor;
    private final Set<String> knownTopics = ConcurrentHashMap.newKeySet();
    private final Counter failed;

    AuditPublisher(Map<String, Object> clientProperties, ObjectMapper json, AuditProperties.Kafka settings,
                   MeterRegistry meters) {
        this.json = json;
        this.settings = settings;
        this.failed = Counter.builder("aicockpit.gateway.audit.publish.failures")
                .description("Stored audit records that could not be published to Kafka").register(meters);
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(settings.queueCapacity()),
                runnable -> Thread.ofPlatform().name("audit-publisher").daemon().unstarted(runnable));
        if (!settings.enabled()) {
            this.producer = null;
            this.admin = null;
            return;
        }
        Map<String, Object> producerProperties = new HashMap<>(clientProperties);
        producerProperties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProperties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProperties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) settings.maxBlock().toMillis());
        producerProperties.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProperties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProperties.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        this.producer = new KafkaProducer<>(producerProperties);
        Map<String, Object> adminProperties = new HashMap<>();
        adminProperties.put("bootstrap.servers", clientProperties.get("bootstrap.servers"));
        clientProperties.forEach((key, value) -> {
            if (key.startsWith("security.") || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                adminProperties.put(key, value);
            }
        });
        this.admin = Admin.create(adminProperties);
    }

    static String topic(String tenant) {
        return "aicockpit.tenant." + tenant + ".audit";
    }

    /** Hands stored records to the publishing thread; never blocks. */
    void publish(List<AuditRecord> records) {
        if (producer == null) {
            return;
        }
        try {
            executor.execute(() -> send(records));
        } catch (RejectedExecutionException e) {
            failed.increment(records.size());
            log.atError().addKeyValue("records", records.size())
                    .log("audit publish queue full; records are stored but not published to Kafka");
        }
    }

    private void send(List<AuditRecord> records) {
        for (AuditRecord record : records) {
            String topic = topic(record.tenantId());
            try {
                ensureTopic(topic);
                ProducerRecord<String, String> message =
                        new ProducerRecord<>(topic, record.tenantId(), cloudEvent(record));
                message.headers().add("content-type", utf8("application/cloudevents+json; charset=UTF-8"));
                producer.send(message, (meta, error) -> {
                    if (error != null) {
                        failed.increment();
                        log.atError().addKeyValue("tenantId", record.tenantId()).addKeyValue("seq", record.seq())
                                .addKeyValue("error", error.toString()).log("audit record not published to Kafka");
                    }
                });
            } catch (RuntimeException | JsonProcessingException e) {
                failed.increment();
                log.atError().addKeyValue("tenantId", record.tenantId()).addKeyValue("seq", record.seq())
                        .addKeyValue("error", e.toString()).log("audit record not published to Kafka");
            }
        }
    }

    private void ensureTopic(String topic) {
        if (knownTopics.contains(topic)) {
            return;
        }
        NewTopic newTopic = new NewTopic(topic, Optional.of(settings.partitions()),
                Optional.of(settings.replicationFactor()));
        try {
            admin.createTopics(List.of(newTopic)).all().get(settings.maxBlock().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + topic, e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating topic " + topic, e);
        }
        knownTopics.add(topic);
    }

    private String cloudEvent(AuditRecord record) throws JsonProcessingException {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", record.id().toString());
        event.put("source", SOURCE);
        event.put("type", EVENT_TYPE);
        event.put("subject", Long.toString(record.seq()));
        event.put("time", record.time().toString());
        event.put("tenantid", record.tenantId());
        event.put("datacontenttype", "application/json");
        event.put("data", AuditView.of(record));
        return json.writeValueAsString(event);
    }

    /** Publishes what is queued, then flushes and closes the producer; waits at most {@code timeout}. */
    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    void close(Duration timeout) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.atError().addKeyValue("pending", executor.getQueue().size())
                        .log("audit records still unpublished at shutdown; they are stored in the database");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (producer != null) {
            producer.flush();
            producer.close(timeout);
            admin.close(timeout);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
