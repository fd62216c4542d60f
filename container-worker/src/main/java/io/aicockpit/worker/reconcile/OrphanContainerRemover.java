package io.aicockpit.worker.reconcile;

import static io.aicockpit.worker.docker.WorkspaceContainerNames.LABEL_MANAGED;
import static io.aicockpit.worker.docker.WorkspaceContainerNames.LABEL_NODE;
import static io.aicockpit.worker.docker.WorkspaceContainerNames.LABEL_TENANT;
import static io.aicockpit.worker.docker.WorkspaceContainerNames.LABEL_WORKSPACE;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.aicockpit.coreapi.container.RemoveOrphanContainer;
import io.aicockpit.coreapi.messaging.Topics;
import io.aicockpit.worker.ContainerWorkerProperties;
import io.aicockpit.worker.docker.WorkspaceContainerNames;
import io.aicockpit.worker.volume.WorkspaceVolumeException;
import io.aicockpit.worker.volume.WorkspaceVolumes;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;

/**
 * Removes the orphan containers command-side names for this node. Every node reads every command in a consumer
 * group of its own (starting at the newest record when the group is new) and acts only on its own, and only when
 * the container still carries the labels the command names; the volume goes only when the command says so (a
 * deleted workspace) and it carries the same labels.
 */
class OrphanContainerRemover {
    private static final Logger log = LoggerFactory.getLogger(OrphanContainerRemover.class);

    private final ObjectMapper mapper = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private final DockerClient docker;
    private final ContainerWorkerProperties worker;
    private final ExpectedExits expectedExits;
    private final WorkspaceVolumes volumes;

    OrphanContainerRemover(DockerClient docker, ContainerWorkerProperties worker, ExpectedExits expectedExits,
                           WorkspaceVolumes volumes) {
        this.docker = docker;
        this.worker = worker;
        this.expectedExits = expectedExits;
        this.volumes = volumes;
    }

    /** This node's consumer group, so every node sees every command. */
    public String getGroupId() {
        return "aicockpit-node-" + worker.nodeId();
    }

    @KafkaListener(topics = "${aicockpit.container-worker.reconcile.node-commands-topic:" + Topics.NODE_COMMANDS + "}",
            groupId = "#{__listener.groupId}", properties = "auto.offset.reset=latest")
    void on(ConsumerRecord<String, String> record, Acknowledgment ack) {
        if (worker.nodeId().equals(record.key())) {
            try {
                remove(mapper.readValue(record.value(), RemoveOrphanContainer.class));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                log.atWarn().addKeyValue("offset", record.offset()).log("skipping unreadable node command");
            }
        }
        ack.acknowledge();
    }

    private void remove(RemoveOrphanContainer command) {
        if (!worker.nodeId().equals(command.nodeId().value())) {
            return;
        }
        try (var t = MDC.putCloseable("tenantId", command.tenantId().value());
             var w = MDC.putCloseable("workspaceId", command.workspaceId().toString())) {
            InspectContainerResponse container;
            try {
                container = docker.inspectContainerCmd(command.containerId()).exec();
            } catch (NotFoundException gone) {
                return;
            }
            if (!labelledFor(container.getConfig().getLabels(), command)) {
                log.atWarn().addKeyValue("containerId", command.containerId())
                        .log("orphan removal refused: the container's labels do not match");
                return;
            }
            expectedExits.expect(container.getId());
            try {
                docker.removeContainerCmd(container.getId()).withForce(true).exec();
            } catch (NotFoundException gone) {
                // removed meanwhile
            }
            log.atInfo().addKeyValue("containerId", container.getId()).addKeyValue("reason", command.reason())
                    .addKeyValue("volumeRemoved", command.removeVolume()).log("orphan container removed");
            if (command.removeVolume()) {
                removeVolume(command);
            }
        }
    }

    private void removeVolume(RemoveOrphanContainer command) {
        String name = WorkspaceContainerNames.resourceName(command.workspaceId());
        try {
            InspectVolumeResponse volume = docker.inspectVolumeCmd(name).exec();
            if (labelledFor(volume.getLabels(), command)) {
                docker.removeVolumeCmd(name).exec();
                volumes.release(name);
            }
        } catch (NotFoundException gone) {
            // never made or removed meanwhile
        } catch (ConflictException inUse) {
            log.atWarn().addKeyValue("volume", name).log("orphan volume still in use; kept");
        } catch (WorkspaceVolumeException e) {
            log.atWarn().addKeyValue("volume", name).addKeyValue("error", e.getMessage())
                    .log("orphan volume removed but its loop device or image not released");
        }
    }

    private boolean labelledFor(Map<String, String> labels, RemoveOrphanContainer command) {
        return labels != null && "true".equals(labels.get(LABEL_MANAGED))
                && worker.nodeId().equals(labels.get(LABEL_NODE))
                && command.tenantId().value().equals(labels.get(LABEL_TENANT))
                && command.workspaceId().toString().equals(labels.get(LABEL_WORKSPACE));
    }
}
