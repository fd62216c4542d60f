package io.aicockpit.command.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aicockpit.coreapi.container.ContainerActionOutcome;
import io.aicockpit.coreapi.container.ContainerResult;
import io.aicockpit.coreapi.messaging.Topics;
import io.aicockpit.coreapi.workspace.ConfirmContainerAction;
import io.aicockpit.coreapi.workspace.ReportContainerActionFailure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Turns worker results into workspace commands. The aggregate ignores results that do not answer its pending
 * action, so redelivered results change nothing. Offsets are committed after the command was handled.
 */
@Component
class ContainerResultListener {
    private static final Logger log = LoggerFactory.getLogger(ContainerResultListener.class);

    private final CommandGateway commands;
    private final ObjectMapper mapper;

    ContainerResultListener(CommandGateway commands, InternalJson json) {
        this.commands = commands;
        this.mapper = json.mapper;
    }

    @KafkaListener(topics = "${aicockpit.command.results-topic:" + Topics.CONTAINER_RESULTS + "}")
    void on(ConsumerRecord<String, String> record) {
        ContainerResult result;
        try {
            result = mapper.readValue(record.value(), ContainerResult.class);
        } catch (JsonProcessingException | RuntimeException e) {
            log.atWarn().addKeyValue("partition", record.partition()).addKeyValue("offset", record.offset())
                    .log("skipping unreadable container result");
            return;
        }
        try (var tenant = MDC.putCloseable("tenantId", result.tenantId().value());
             var workspace = MDC.putCloseable("workspaceId", result.workspaceId().toString())) {
            Object command = result.outcome() == ContainerActionOutcome.SUCCEEDED
                    ? new ConfirmContainerAction(result.workspaceId(), result.tenantId(), result.actionId(),
                            result.type(), result.nodeId(), result.containerId())
                    : new ReportContainerActionFailure(result.workspaceId(), result.tenantId(), result.actionId(),
                            result.type(), result.nodeId(), result.error());
            commands.sendAndWait(command);
            log.atInfo().addKeyValue("actionId", result.actionId()).addKeyValue("action", result.type())
                    .addKeyValue("outcome", result.outcome()).log("container result applied");
        } catch (AggregateNotFoundException e) {
            log.atWarn().addKeyValue("actionId", result.actionId())
                    .log("container result for an unknown or deleted workspace ignored");
        }
    }
}
