package io.aicockpit.command.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aicockpit.coreapi.container.ContainerExited;
import io.aicockpit.coreapi.messaging.Topics;
import io.aicockpit.coreapi.workspace.ReportWorkspaceCrashed;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Turns what worker nodes observe on their own (a container that exited) into workspace commands. Nodes may
 * report an exit more than once and late; the aggregate decides whether it is a crash of the current run.
 */
@Component
class ContainerEventListener {
    private static final Logger log = LoggerFactory.getLogger(ContainerEventListener.class);

    private final CommandGateway commands;
    private final ObjectMapper mapper;

    ContainerEventListener(CommandGateway commands, InternalJson json) {
        this.commands = commands;
        this.mapper = json.mapper;
    }

    @KafkaListener(topics = "${aicockpit.command.container-events-topic:" + Topics.CONTAINER_EVENTS + "}")
    void on(ConsumerRecord<String, String> record) {
        ContainerExited exited;
        try {
            exited = mapper.readValue(record.value(), ContainerExited.class);
        } catch (JsonProcessingException | RuntimeException e) {
            log.atWarn().addKeyValue("partition", record.partition()).addKeyValue("offset", record.offset())
                    .log("skipping unreadable container event");
            return;
        }
        try (var tenant = MDC.putCloseable("tenantId", exited.tenantId().value());
             var workspace = MDC.putCloseable("workspaceId", exited.workspaceId().toString())) {
            commands.sendAndWait(new ReportWorkspaceCrashed(exited.workspaceId(), exited.tenantId(), exited.nodeId(),
                    exited.containerId(), exited.exitCode(), exited.oomKilled(), exited.finishedAt(),
                    exited.reason()));
            log.atInfo().addKeyValue("containerId", exited.containerId()).addKeyValue("exitCode", exited.exitCode())
                    .addKeyValue("oomKilled", exited.oomKilled()).addKeyValue("nodeId", exited.nodeId())
                    .log("container exit reported");
        } catch (AggregateNotFoundException e) {
            log.atWarn().addKeyValue("containerId", exited.containerId())
                    .log("container exit for an unknown or deleted workspace ignored");
        }
    }
}
