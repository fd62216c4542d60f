package io.aicockpit.worker.action;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Volume;
import io.aicockpit.coreapi.common.ResourceLimits;
import io.aicockpit.coreapi.container.ContainerAction;
import io.aicockpit.coreapi.container.ContainerResult;
import io.aicockpit.coreapi.container.ContainerSpec;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import io.aicockpit.worker.ContainerWorkerProperties;
import io.aicockpit.worker.docker.WorkspaceContainerNames;
import io.aicockpit.worker.reconcile.ExpectedExits;
import io.aicockpit.worker.volume.PlainWorkspaceVolumes;
import io.aicockpit.worker.volume.WorkspaceVolumeException;
import io.aicockpit.worker.volume.WorkspaceVolumes;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Makes the Docker engine match one action. Every step first looks at what exists and treats Docker's
 * "already there" answers (409 on create, 304 on start/stop, 404 on remove) as success, so a redelivered action
 * changes nothing and never creates a second container.
 */
@Component
class ContainerActionExecutor {
    static final String NAME_PREFIX = WorkspaceContainerNames.NAME_PREFIX;
    static final String WORKSPACE_DIR = WorkspaceContainerNames.WORKSPACE_DIR;
    static final String LABEL_MANAGED = WorkspaceContainerNames.LABEL_MANAGED;
    static final String LABEL_TENANT = WorkspaceContainerNames.LABEL_TENANT;
    static final String LABEL_WORKSPACE = WorkspaceContainerNames.LABEL_WORKSPACE;
    static final String LABEL_NODE = WorkspaceContainerNames.LABEL_NODE;

    private static final Logger log = LoggerFactory.getLogger(ContainerActionExecutor.class);
    private static final Pattern DOCKER_MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final DockerClient docker;
    private final ContainerWorkerProperties props;
    private final Clock clock;
    private final ExpectedExits expectedExits;
    private final WorkspaceVolumes volumes;

    /** Without a reconciler to tell and with plain volumes: for tests that drive Docker directly. */
    ContainerActionExecutor(DockerClient docker, ContainerWorkerProperties props, Clock clock) {
        this(docker, props, clock, new ExpectedExits(), new PlainWorkspaceVolumes(docker));
    }

    /**
     * {@code expectedExits} learns which exits STOP and DELETE cause, so the reconciler does not report them;
     * {@code volumes} makes (and on DELETE releases) the workspace's /workspace volume with its disk quota.
     */
    @Autowired
    ContainerActionExecutor(DockerClient docker, ContainerWorkerProperties props, Clock clock,
                            ExpectedExits expectedExits, WorkspaceVolumes volumes) {
        this.docker = docker;
        this.props = props;
        this.clock = clock;
        this.expectedExits = expectedExits;
        this.volumes = volumes;
    }

    /** The name of both the workspace's container and its volume. */
    static String resourceName(WorkspaceId workspaceId) {
        return WorkspaceContainerNames.resourceName(workspaceId);
    }

    /**
     * Runs the action and reports what happened. Docker errors become a FAILED result instead of an exception:
     * retrying the same call would fail the same way, and the command side must learn about it.
     */
    ContainerResult execute(ContainerAction action) {
        return execute(action, false);
    }

    /**
     * {@code placedHere}: the action came on this node's own topic, so command-side placed the workspace on this node.
     * A START then takes over a container of the workspace that another node of the same engine left behind (the
     * workspace moved here after that node was lost), instead of running it under the other node's label.
     */
    ContainerResult execute(ContainerAction action, boolean placedHere) {
        try {
            String containerId = switch (action.type()) {
                case START -> start(action, placedHere);
                case STOP -> stop(action);
                case DELETE -> delete(action);
            };
            return ContainerResult.succeeded(action, props.node(), containerId, clock.instant());
        } catch (ActionRefusedException e) {
            return failed(action, e.getMessage(), null);
        } catch (WorkspaceVolumeException e) {
            return failed(action, "workspace volume: " + e.getMessage(), null);
        } catch (DockerException e) {
            return failed(action, "docker answered " + e.getHttpStatus() + ": " + dockerMessage(e), null);
        } catch (RuntimeException e) {
            // docker-java reports an unreachable engine or a timed-out call as a bare RuntimeException
            return failed(action, "docker engine at " + props.dockerHost() + " failed: " + e.getMessage(), e);
        }
    }

    /** {@code cause} only when its stack trace says more than {@code error}, i.e. not for Docker's own answers. */
    private ContainerResult failed(ContainerAction action, String error, Throwable cause) {
        log.atWarn().addKeyValue("actionType", action.type()).addKeyValue("error", error).setCause(cause)
                .log("container action failed");
        return ContainerResult.failed(action, props.node(), error, clock.instant());
    }

    private String start(ContainerAction action, boolean placedHere) {
        String name = resourceName(action.workspaceId());
        Map<String, String> labels = labels(action);
        ensureVolume(name, labels, action);
        Optional<InspectContainerResponse> found = findContainer(name);
        if (placedHere && found.isPresent()) {
            Map<String, String> existing = found.get().getConfig().getLabels();
            requireOwnedBy(existing, action, "container " + name);
            String holder = existing.get(LABEL_NODE);
            if (holder != null && !holder.equals(props.nodeId())) {
                expectedExits.expect(found.get().getId());
                try {
                    docker.removeContainerCmd(found.get().getId()).withForce(true).exec();
                } catch (NotFoundException removedMeanwhile) {
                    log.atDebug().log("other node's container already removed");
                }
                log.atInfo().addKeyValue("containerId", found.get().getId()).addKeyValue("previousNode", holder)
                        .log("workspace placed here: the container another node left on this engine is replaced");
                found = Optional.empty();
            }
        }
        InspectContainerResponse container = found.orElseGet(() -> create(action, name, labels));
        requireOwnedBy(container.getConfig().getLabels(), action, "container " + name);
        // whatever happened before (a stop that failed halfway), from now on an exit of this container is news
        expectedExits.forget(container.getId());
        if (!Boolean.TRUE.equals(container.getState().getRunning())) {
            try {
                docker.startContainerCmd(container.getId()).exec();
                log.atInfo().addKeyValue("containerId", container.getId()).log("workspace container started");
            } catch (NotModifiedException alreadyRunning) {
                log.atDebug().addKeyValue("containerId", container.getId()).log("workspace container already running");
            }
        }
        return container.getId();
    }

    private String stop(ContainerAction action) {
        String name = resourceName(action.workspaceId());
        Optional<InspectContainerResponse> found = findContainer(name);
        if (found.isEmpty()) {
            return null;
        }
        InspectContainerResponse container = found.get();
        requireOwnedBy(container.getConfig().getLabels(), action, "container " + name);
        expectedExits.expect(container.getId());
        if (Boolean.TRUE.equals(container.getState().getRunning())) {
            try {
                docker.stopContainerCmd(container.getId()).withTimeout((int) props.stopTimeout().toSeconds()).exec();
                log.atInfo().addKeyValue("containerId", container.getId()).log("workspace container stopped");
            } catch (NotModifiedException alreadyStopped) {
                log.atDebug().addKeyValue("containerId", container.getId()).log("workspace container already stopped");
            } catch (NotFoundException removedMeanwhile) {
                return null;
            }
        }
        return container.getId();
    }

    private String delete(ContainerAction action) {
        String name = resourceName(action.workspaceId());
        Optional<InspectContainerResponse> container = findContainer(name);
        if (container.isPresent()) {
            requireOwnedBy(container.get().getConfig().getLabels(), action, "container " + name);
            expectedExits.expect(container.get().getId());
            try {
                docker.removeContainerCmd(container.get().getId()).withForce(true).exec();
                log.atInfo().addKeyValue("containerId", container.get().getId()).log("workspace container removed");
            } catch (NotFoundException removedMeanwhile) {
                log.atDebug().log("workspace container already removed");
            }
        }
        Optional<InspectVolumeResponse> volume = findVolume(name);
        if (volume.isPresent()) {
            requireOwnedBy(volume.get().getLabels(), action, "volume " + name);
            try {
                docker.removeVolumeCmd(name).exec();
                log.atInfo().addKeyValue("volume", name).log("workspace volume removed");
            } catch (NotFoundException removedMeanwhile) {
                log.atDebug().log("workspace volume already removed");
            }
        }
        // also after a redelivery whose first run removed the Docker volume but died before this
        volumes.release(name);
        return null;
    }

    private void ensureVolume(String name, Map<String, String> labels, ContainerAction action) {
        volumes.ensure(name, labels, action.spec().diskBytes(),
                volume -> requireOwnedBy(volume.getLabels(), action, "volume " + name));
    }

    private InspectContainerResponse create(ContainerAction action, String name, Map<String, String> volumeLabels) {
        ContainerSpec spec = action.spec();
        Map<String, String> labels = volumeLabels;
        if (spec.ownerSubject() != null && !spec.ownerSubject().isBlank()) {
            labels = new java.util.HashMap<>(volumeLabels);
            labels.put(WorkspaceContainerNames.LABEL_OWNER, spec.ownerSubject());
        }
        requireImagePresent(spec.image());
        CreateContainerCmd cmd = docker.createContainerCmd(spec.image())
                .withName(name)
                .withHostConfig(hostConfig(spec.limits(), name))
                .withWorkingDir(WORKSPACE_DIR)
                .withEnv(spec.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList())
                .withTty(true)
                .withStdinOpen(true)
                .withLabels(labels);
        if (!spec.command().isEmpty()) {
            cmd.withCmd(spec.command());
        }
        if (spec.user() != null && !spec.user().isBlank()) {
            cmd.withUser(spec.user());
        }
        try {
            String id = cmd.exec().getId();
            log.atInfo().addKeyValue("containerId", id).addKeyValue("image", spec.image())
                    .log("workspace container created");
        } catch (ConflictException createdMeanwhile) {
            log.atDebug().log("workspace container was created concurrently; reusing it");
        }
        return findContainer(name).orElseThrow(
                () -> new ActionRefusedException("container " + name + " disappeared while it was being created"));
    }

    /**
     * The isolation every workspace gets whatever its spec says: all capabilities dropped, no privilege
     * escalation, the configured network (none by default), only its own volume mounted, no ports, no restarts.
     * Docker's init runs as PID 1, so a stop signal reaches the workspace's processes and a stop takes
     * milliseconds instead of the whole grace period, and zombies are reaped.
     */
    private HostConfig hostConfig(ResourceLimits limits, String volumeName) {
        return HostConfig.newHostConfig()
                .withMemory(limits.memoryBytes())
                .withMemorySwap(limits.memorySwapBytes())
                .withNanoCPUs(limits.nanoCpus())
                .withPidsLimit(limits.pids())
                .withCapDrop(Capability.ALL)
                .withCapAdd(props.capAdd().toArray(Capability[]::new))
                .withSecurityOpts(List.of("no-new-privileges"))
                .withNetworkMode(props.network())
                .withPrivileged(false)
                .withReadonlyRootfs(false)
                .withBinds(new Bind(volumeName, new Volume(WORKSPACE_DIR), AccessMode.rw))
                .withRestartPolicy(RestartPolicy.noRestart())
                .withInit(true);
    }

    /** No registry is reachable from a node, so a missing image is reported instead of pulled. */
    private void requireImagePresent(String image) {
        try {
            docker.inspectImageCmd(image).exec();
        } catch (NotFoundException e) {
            throw new ActionRefusedException(
                    "image " + image + " is not present on node " + props.nodeId() + " (images are never pulled)");
        }
    }

    /** Never take over a container or volume that carries another workspace's (or no) AiCockpit labels. */
    private static void requireOwnedBy(Map<String, String> labels, ContainerAction action, String what) {
        boolean owned = labels != null
                && "true".equals(labels.get(LABEL_MANAGED))
                && action.tenantId().value().equals(labels.get(LABEL_TENANT))
                && action.workspaceId().toString().equals(labels.get(LABEL_WORKSPACE));
        if (!owned) {
            throw new ActionRefusedException(what + " exists but does not belong to this workspace; refusing to touch it");
        }
    }

    private Map<String, String> labels(ContainerAction action) {
        return Map.of(
                LABEL_MANAGED, "true",
                LABEL_TENANT, action.tenantId().value(),
                LABEL_WORKSPACE, action.workspaceId().toString(),
                LABEL_NODE, props.nodeId());
    }

    private Optional<InspectContainerResponse> findContainer(String name) {
        try {
            return Optional.of(docker.inspectContainerCmd(name).exec());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    private Optional<InspectVolumeResponse> findVolume(String name) {
        try {
            return Optional.of(docker.inspectVolumeCmd(name).exec());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** Docker's error body is JSON; keep only its message so results stay readable. */
    private static String dockerMessage(DockerException e) {
        String text = String.valueOf(e.getMessage()).strip();
        Matcher matcher = DOCKER_MESSAGE.matcher(text);
        return matcher.find() ? matcher.group(1) : text;
    }
}
