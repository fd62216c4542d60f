package io.aicockpit.command.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aicockpit.command.config.CommandSideProperties;
import io.aicockpit.command.config.CommandSideProperties.StackTemplate;
import io.aicockpit.command.workspace.StackCatalog;
import io.aicockpit.coreapi.container.ContainerAction;
import io.aicockpit.coreapi.container.ContainerSpec;
import io.aicockpit.coreapi.workspace.ContainerActionType;
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
    void on(WorkspaceStartRequested event, @Timestamp Instant at) throws Exception {
        StackTemplate stack = stacks.find(event.stackId()).orElse(null);
        List<String> command = stack == null ? List.of() : stack.command();
        String user = stack == null ? null : stack.user();
        Map<String, String> env = stack == null ? Map.of() : stack.env();
        send(new ContainerAction(event.actionId(), ContainerActionType.START, event.workspaceId(), event.tenantId(),
                new ContainerSpec(event.image(), command, user, env, event.limits(), owner(event)), at));
    }

    /** The owner's subject from the workspace's first event; the node labels the container with it for metering. */
    private String owner(WorkspaceStartRequested event) {
        DomainEventStream stream = events.readEvents(event.workspaceId().toString(), 0);
        if (stream.hasNext() && stream.next().getPayload() instanceof WorkspaceCreated created
                && created.owner() != null) {
            return created.owner().subject();
        }
        return null;
    }

    @EventHandler
    void on(WorkspaceStopRequested event, @Timestamp Instant at) throws Exception {
        send(new ContainerAction(event.actionId(), ContainerActionType.STOP, event.workspaceId(), event.tenantId(),
                null, at));
    }

    @EventHandler
    void on(WorkspaceDeleteRequested event, @Timestamp Instant at) throws Exception {
        send(new ContainerAction(event.actionId(), ContainerActionType.DELETE, event.workspaceId(),
                event.tenantId(), null, at));
    }

    private void send(ContainerAction action) throws JsonProcessingException, ExecutionException,
            InterruptedException {
        kafka.send(topic, action.workspaceId().toString(), mapper.writeValueAsString(action)).get();
        log.atInfo().addKeyValue("tenantId", action.tenantId()).addKeyValue("workspaceId", action.workspaceId())
                .addKeyValue("actionId", action.actionId()).addKeyValue("action", action.type())
                .log("container action sent");
    }
}
