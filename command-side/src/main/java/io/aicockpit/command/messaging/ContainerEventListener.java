package io.aicockpit.command.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aicockpit.command.workspace.WorkspaceOrphans;
import io.aicockpit.command.workspace.WorkspaceOrphans.Verdict;
import io.aicockpit.coreapi.container.ContainerExited;
import io.aicockpit.coreapi.container.ContainerFound;
import io.aicockpit.coreapi.container.RemoveOrphanContainer;
import io.aicockpit.coreapi.messaging.Topics;
import io.aicockpit.coreapi.workspace.ReportWorkspaceCrashed;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Turns what worker nodes observe on their own into decisions. A container that exited becomes a workspace command
 * (nodes may report an exit more than once and late; the aggregate decides whether it is a crash of the current
 * run). A container found on a node that no workspace wants is answered with {@link RemoveOrphanContainer}.
 */
@Component
class ContainerEventListener {
    private static final Logger log = LoggerFactory.getLogger(ContainerEventListener.class);

    private final CommandGateway commands;
    private final ObjectMapper mapper;
    private final WorkspaceOrphans orphans;
    private final KafkaTemplate<String, String> kafka;
    private final String nodeCommandsTopic;

    ContainerEventListener(CommandGateway commands, InternalJson json, WorkspaceOrphans orphans,
                           KafkaTemplate<String, String> internalTemplate,
                           @Value("${aicockpit.command.node-commands-topic:" + Topics.NODE_COMMANDS + "}")
                           String nodeCommandsTopic) {
        this.commands = commands;
        this.mapper = json.mapper;
        this.orphans = orphans;
        this.kafka = internalTemplate;
        this.nodeCommandsTopic = nodeCommandsTopic;
    }

    @KafkaListener(topics = "${aicockpit.command.container-events-topic:" + Topics.CONTAINER_EVENTS + "}")
    void on(ConsumerRecord<String, String> record) throws Exception {
        Header type = record.headers().lastHeader(ContainerFound.TYPE_HEADER);
        if (type != null && "ContainerFound".equals(new String(type.value(), StandardCharsets.UTF_8))) {
            onFound(record);
            return;
        }
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

    /** Answers only for orphans; a wanted container gets no answer, so the common case costs one read. */
    private void onFound(ConsumerRecord<String, String> record) throws Exception {
        ContainerFound found;
        try {
            found = mapper.readValue(record.value(), ContainerFound.class);
        } catch (JsonProcessingException | RuntimeException e) {
            log.atWarn().addKeyValue("partition", record.partition()).addKeyValue("offset", record.offset())
                    .log("skipping unreadable container-found record");
            return;
        }
        Verdict verdict = orphans.judge(found.workspaceId(), found.tenantId());
        if (verdict == Verdict.WANTED) {
            return;
        }
        RemoveOrphanContainer remove = new RemoveOrphanContainer(found.workspaceId(), found.tenantId(),
                found.nodeId(), found.containerId(), verdict == Verdict.DELETED,
                verdict == Verdict.DELETED ? "workspace deleted" : "workspace unknown to the event store");
        kafka.send(nodeCommandsTopic, found.nodeId().value(), mapper.writeValueAsString(remove))
                .get(30, TimeUnit.SECONDS);
        log.atInfo().addKeyValue("tenantId", found.tenantId()).addKeyValue("workspaceId", found.workspaceId())
                .addKeyValue("nodeId", found.nodeId()).addKeyValue("containerId", found.containerId())
                .addKeyValue("verdict", verdict).log("orphan container: node told to remove it");
    }
}
