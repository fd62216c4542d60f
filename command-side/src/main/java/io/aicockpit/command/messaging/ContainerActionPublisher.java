package io.aicockpit.command.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aicockpit.command.config.CommandSideProperties;
import io.aicockpit.command.config.CommandSideProperties.StackTemplate;
import io.aicockpit.command.workspace.StackCatalog;
import io.aicockpit.coreapi.container.ContainerAction;
import io.aicockpit.coreapi.container.ContainerSpec;
import io.aicockpit.coreapi.messaging.Topics;
import io.aicockpit.coreapi.workspace.ContainerActionType;
import io.aicockpit.coreapi.workspace.WorkspacePlaced;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.SequenceNumber;
import io.aicockpit.coreapi.workspace.WorkspaceCreated;
import io.aicockpit.coreapi.workspace.WorkspaceDeleteRequested;
import io.aicockpit.coreapi.workspace.WorkspaceStartRequested;
import io.aicockpit.coreapi.workspace.WorkspaceStopRequested;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Turns accepted start/stop/delete requests into container actions for the worker nodes. A tracking processor:
 * its token advances only after Kafka acknowledged the send, so a crash re-sends (workers are idempotent) and
 * never skips. Replays are refused: re-running old actions would resurrect stopped workspaces.
 */
@Component
@ProcessingGroup("container-actions")
@DisallowReplay
class ContainerActionPublisher {
    private static final Logger log = LoggerFactory.getLogger(ContainerActionPublisher.class);

    private final KafkaTemplate<String, String> kafka;
    private final ObjectMapper mapper;
    private final StackCatalog stacks;
    private final String topic;
    private final EventStore events;

    ContainerActionPublisher(KafkaTemplate<String, String> internalTemplate, InternalJson json,
                             StackCatalog stacks, CommandSideProperties properties, EventStore events) {
        this.topic = properties.actionsTopic();
        this.events = events;
        this.kafka = internalTemplate;
        this.mapper = json.mapper;
        this.stacks = stacks;
    }

    @EventHandler
    void on(WorkspaceStartRequested event, @Timestamp Instant at, @SequenceNumber long sequence) throws Exception {
        StackTemplate stack = stacks.find(event.stackId()).orElse(null);
        List<String> command = stack == null ? List.of() : stack.command();
        String user = stack == null ? null : stack.user();
        Map<String, String> env = stack == null ? Map.of() : stack.env();
        History history = history(event.workspaceId().toString(), sequence);
        WorkspacePlaced placed = history.placed() != null && history.placed().actionId().equals(event.actionId())
                ? history.placed() : null;
        send(new ContainerAction(event.actionId(), ContainerActionType.START, event.workspaceId(), event.tenantId(),
                new ContainerSpec(event.image(), command, user, env, event.limits(), history.owner(),
                        placed == null ? null : placed.diskBytes()), at), placed);
    }

    @EventHandler
    void on(WorkspaceStopRequested event, @Timestamp Instant at, @SequenceNumber long sequence) throws Exception {
        send(new ContainerAction(event.actionId(), ContainerActionType.STOP, event.workspaceId(), event.tenantId(),
                null, at), history(event.workspaceId().toString(), sequence).placed());
    }

    @EventHandler
    void on(WorkspaceDeleteRequested event, @Timestamp Instant at, @SequenceNumber long sequence) throws Exception {
        send(new ContainerAction(event.actionId(), ContainerActionType.DELETE, event.workspaceId(),
                event.tenantId(), null, at), history(event.workspaceId().toString(), sequence).placed());
    }

    /**
     * What the workspace's events up to {@code sequence} say: the owner's subject (first event; the node labels the
     * container with it for metering) and the last placement (the node holding the workspace).
     */
    private History history(String workspaceId, long sequence) {
        DomainEventStream stream = events.readEvents(workspaceId, 0);
        String owner = null;
        WorkspacePlaced placed = null;
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            if (message.getSequenceNumber() > sequence) {
                break;
            }
            if (message.getPayload() instanceof WorkspaceCreated created && created.owner() != null) {
                owner = created.owner().subject();
            } else if (message.getPayload() instanceof WorkspacePlaced p) {
                placed = p;
            }
        }
        return new History(owner, placed);
    }

    private record History(String owner, WorkspacePlaced placed) {}

    /**
     * A placed workspace's action goes to its node's own topic, so only that node sees it; one that was never placed
     * (placement off, or started before nodes existed) to the shared topic every node reads.
     */
    private void send(ContainerAction action, WorkspacePlaced placed) throws JsonProcessingException,
            ExecutionException, InterruptedException {
        String target = placed == null ? topic : Topics.nodeActions(topic, placed.nodeId());
        kafka.send(target, action.workspaceId().toString(), mapper.writeValueAsString(action)).get();
        log.atInfo().addKeyValue("tenantId", action.tenantId()).addKeyValue("workspaceId", action.workspaceId())
                .addKeyValue("actionId", action.actionId()).addKeyValue("action", action.type())
                .addKeyValue("nodeId", placed == null ? null : placed.nodeId()).addKeyValue("topic", target)
                .log("container action sent");
    }
}
