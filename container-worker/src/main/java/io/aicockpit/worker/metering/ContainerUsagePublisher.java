package io.aicockpit.worker.metering;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.messaging.CloudEventTypes;
import io.aicockpit.coreapi.messaging.Topics;
import io.aicockpit.coreapi.usage.ContainerUsageRecorded;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Sends a container usage record to the internal usage topic (plain JSON, as query-side stores it) and to the
 * tenant's public usage topic as a CloudEvent in Kafka binary mode: the value is the same JSON, the attributes
 * are {@code ce_*} headers; {@code ce_id} is the record id, on which consumers deduplicate. Both keyed by
 * workspace id.
 */
class ContainerUsagePublisher {
    private final ObjectMapper json = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private final KafkaTemplate<String, String> kafka;
    private final MeteringProperties props;

    ContainerUsagePublisher(KafkaTemplate<String, String> kafka, MeteringProperties props) {
        this.kafka = kafka;
        this.props = props;
    }

    /** Returns once the broker stored the record on every topic; throws otherwise, so it is sent again later. */
    void publish(ContainerUsageRecorded usage) throws InterruptedException, ExecutionException, TimeoutException {
        String payload;
        try {
            payload = json.writeValueAsString(usage);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a container usage record", e);
        }
        String key = usage.workspaceId().toString();
        CompletableFuture<?> internal = kafka.send(props.topic(), key, payload);
        CompletableFuture<?> external = CompletableFuture.completedFuture(null);
        if (props.publishPublic()) {
            ProducerRecord<String, String> event = new ProducerRecord<>(Topics.usage(new TenantId(usage.tenantId())),
                    key, payload);
            Headers h = event.headers();
            header(h, "ce_specversion", "1.0");
            header(h, "ce_id", usage.id().toString());
            header(h, "ce_type", CloudEventTypes.CONTAINER_USAGE);
            header(h, "ce_source", CloudEventTypes.NODE_SOURCE_PREFIX + usage.nodeId());
            header(h, "ce_subject", key);
            header(h, "ce_time", usage.to().toString());
            header(h, "ce_" + CloudEventTypes.TENANT_EXTENSION, usage.tenantId());
            header(h, "content-type", "application/json");
            external = kafka.send(event);
        }
        CompletableFuture.allOf(internal, external).get(10, TimeUnit.SECONDS);
    }

    private static void header(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
