package io.aicockpit.worker.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.aicockpit.coreapi.container.ContainerExited;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** Publishes exits keyed by workspace id, so they stay ordered with the workspace's results on command-side's side. */
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
        String json;
        try {
            json = mapper.writeValueAsString(exited);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize ContainerExited", e);
        }
        kafka.send(topic, exited.workspaceId().toString(), json).get(30, TimeUnit.SECONDS);
    }
}
