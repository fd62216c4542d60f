package io.aicockpit.worker.action;

import io.aicockpit.coreapi.container.ContainerResult;
import io.aicockpit.worker.ContainerWorkerProperties;
import java.util.concurrent.ExecutionException;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** Publishes results keyed by workspace id, so they stay ordered with the workspace's actions. */
@Component
class ContainerResultPublisher {
    private final KafkaTemplate<String, String> kafka;
    private final ContainerMessageCodec codec;
    private final String topic;

    ContainerResultPublisher(KafkaTemplate<String, String> kafka, ContainerMessageCodec codec,
                             ContainerWorkerProperties props) {
        this.kafka = kafka;
        this.codec = codec;
        this.topic = props.resultsTopic();
    }

    /**
     * Returns only once the broker has stored the result (acks=all), because the caller acknowledges the
     * action right after; throws when it was not stored so the action is redelivered instead of lost.
     */
    void publish(ContainerResult result) {
        try {
            kafka.send(topic, result.workspaceId().toString(), codec.write(result)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while publishing the result of action " + result.actionId(), e);
        } catch (ExecutionException e) {
            throw new KafkaException("result of action " + result.actionId() + " was not published", e.getCause());
        }
    }
}
