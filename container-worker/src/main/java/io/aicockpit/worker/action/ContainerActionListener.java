package io.aicockpit.worker.action;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.aicockpit.coreapi.container.ContainerAction;
import io.aicockpit.coreapi.container.ContainerResult;
import io.aicockpit.coreapi.messaging.Topics;
import io.aicockpit.worker.ContainerWorkerProperties;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

/**
 * Consumes container actions and acknowledges each only after its result is stored on Kafka. A crash anywhere
 * before that redelivers the action, which is safe because the executor is idempotent; the price is that a
 * redelivered action may produce a second, identical result.
 */
@Component
class ContainerActionListener {
    /** Exit status of the {@code haltBeforeAck} fault injection (sysexits' EX_TEMPFAIL: try again). */
    static final int HALT_EXIT_STATUS = 75;

    private static final Logger log = LoggerFactory.getLogger(ContainerActionListener.class);

    private final ContainerActionExecutor executor;
    private final ContainerResultPublisher publisher;
    private final ContainerMessageCodec codec;
    private final AtomicBoolean haltArmed;
    private final String nodeActionsTopic;

    ContainerActionListener(ContainerActionExecutor executor, ContainerResultPublisher publisher,
                            ContainerMessageCodec codec, ContainerWorkerProperties props) {
        this.executor = executor;
        this.publisher = publisher;
        this.codec = codec;
        this.haltArmed = new AtomicBoolean(props.haltBeforeAck());
        this.nodeActionsTopic = Topics.nodeActions(props.actionsTopic(), props.node());
    }

    /**
     * The shared topic (actions of workspaces that were never placed: placement off, or started before nodes existed)
     * and this node's own topic (everything placed here), in one consumer group: each node's own topic has only that
     * node as its reader.
     */
    @KafkaListener(topics = {"${aicockpit.container-worker.actions-topic:" + Topics.CONTAINER_ACTIONS + "}",
            "#{@nodeActionsTopic}"})
    void onAction(ConsumerRecord<String, String> record, Acknowledgment ack) {
        Optional<ContainerAction> parsed = parse(record);
        if (parsed.isEmpty()) {
            ack.acknowledge();
            return;
        }
        ContainerAction action = parsed.get();
        try (var tenant = MDC.putCloseable("tenantId", action.tenantId().value());
             var workspace = MDC.putCloseable("workspaceId", action.workspaceId().toString());
             var actionId = MDC.putCloseable("actionId", action.actionId().toString())) {
            log.atInfo().addKeyValue("actionType", action.type()).addKeyValue("partition", record.partition())
                    .addKeyValue("offset", record.offset()).log("container action received");
            ContainerResult result = executor.execute(action, nodeActionsTopic.equals(record.topic()));
            haltIfArmed();
            publisher.publish(result);
            ack.acknowledge();
            log.atInfo().addKeyValue("actionType", action.type()).addKeyValue("outcome", result.outcome())
                    .addKeyValue("containerId", result.containerId()).log("container action done");
        }
    }

    /**
     * A record that is not an action can never become one, so it is skipped rather than retried. Only the
     * parser's error type is logged: its message may quote the record, which can hold environment values.
     */
    private Optional<ContainerAction> parse(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            skip(record, "no value");
            return Optional.empty();
        }
        try {
            return Optional.of(codec.readAction(record.value()));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            skip(record, e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private static void skip(ConsumerRecord<String, String> record, String reason) {
        log.atWarn().addKeyValue("partition", record.partition()).addKeyValue("offset", record.offset())
                .addKeyValue("key", record.key()).addKeyValue("reason", reason)
                .log("skipping a record that is not a container action");
    }

    private void haltIfArmed() {
        if (haltArmed.getAndSet(false)) {
            log.atWarn().addKeyValue("exitStatus", HALT_EXIT_STATUS)
                    .log("halt-before-ack: halting after the Docker work, before publishing and acknowledging");
            Runtime.getRuntime().halt(HALT_EXIT_STATUS);
        }
    }
}
