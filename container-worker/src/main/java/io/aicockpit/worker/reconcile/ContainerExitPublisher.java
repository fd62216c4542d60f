package io.aicockpit.worker.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.aicockpit.coreapi.container.ContainerExited;
import io.aicockpit.coreapi.container.ContainerFound;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** Publishes the node's observations (exits, containers found) keyed by workspace id. */
@Component
class ContainerExitPublisher {
    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();
    private final KafkaTemplate<String, String> kafka;
    private final String topic;

    ContainerExitPublisher(KafkaTemplate<String, String> kafka, ReconcileProperties props) {
        this.kafka = kafka;
        this.topic = props.eventsTopic();
    }

    /** Returns once the broker stored the observation; throws otherwise, so the exit counts as not yet reported. */
    void publish(ContainerExited exited) throws InterruptedException, ExecutionException, TimeoutException {
        kafka.send(topic, exited.workspaceId().toString(), json(exited)).get(30, TimeUnit.SECONDS);
    }

    /** Asks command-side whether a workspace wants the container; typed by a header on the shared topic. */
    void publish(ContainerFound found) throws InterruptedException, ExecutionException, TimeoutException {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, found.workspaceId().toString(),
                json(found));
        record.headers().add(ContainerFound.TYPE_HEADER, "ContainerFound".getBytes(StandardCharsets.UTF_8));
        kafka.send(record).get(30, TimeUnit.SECONDS);
    }

    private String json(Object message) {
        try {
            return mapper.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + message.getClass().getSimpleName(), e);
        }
    }
}
