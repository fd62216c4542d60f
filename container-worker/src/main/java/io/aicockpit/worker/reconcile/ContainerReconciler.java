package io.aicockpit.worker.reconcile;

import static io.aicockpit.worker.docker.WorkspaceContainerNames.LABEL_MANAGED;
import static io.aicockpit.worker.docker.WorkspaceContainerNames.LABEL_NODE;
import static io.aicockpit.worker.docker.WorkspaceContainerNames.LABEL_TENANT;
import static io.aicockpit.worker.docker.WorkspaceContainerNames.LABEL_WORKSPACE;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectContainerResponse.ContainerState;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.container.ContainerExited;
import io.aicockpit.coreapi.container.ContainerFound;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import io.aicockpit.worker.ContainerWorkerProperties;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Compares this node's managed containers with what they should be doing: a container that is no longer running
 * and that the node did not stop itself is reported as exited. Called by {@link DockerEventWatcher} for a container
 * Docker just reported dead, and for every container at start-up and periodically. Not thread-safe by design: the
 * watcher calls it from one thread; only {@link #oomSeen} is called from Docker's event thread.
 */
@Component
class ContainerReconciler {
    private static final Logger log = LoggerFactory.getLogger(ContainerReconciler.class);
    private static final Set<String> ENDED = Set.of("exited", "dead");
    static final String REMOVED = "container removed outside the platform";

    private final DockerClient docker;
    private final ContainerWorkerProperties worker;
    private final ReconcileProperties props;
    private final ExpectedExits expectedExits;
    private final ContainerExitPublisher publisher;
    private final Clock clock;
    /** Docker's {@code oom} events by container: the kernel killed one of its processes at that time. */
    private final Map<String, Instant> oomKills = new ConcurrentHashMap<>();
    /** The exits reported so far by container, so one exit is reported a bounded number of times. */
    private final Map<String, Reported> reported = new ConcurrentHashMap<>();
    /** When command-side was last asked whether a workspace wants the container. */
    private final Map<String, Instant> asked = new ConcurrentHashMap<>();

    private record Reported(Instant finishedAt, int times) {}

    ContainerReconciler(DockerClient docker, ContainerWorkerProperties worker, ReconcileProperties props,
                        ExpectedExits expectedExits, ContainerExitPublisher publisher, Clock clock) {
        this.docker = docker;
        this.worker = worker;
        this.props = props;
        this.expectedExits = expectedExits;
        this.publisher = publisher;
        this.clock = clock;
    }

    /**
     * Remembers an out-of-memory kill. A killed child leaves the container running (and later perhaps exiting with
     * code 0), so the exit reported afterwards is still named an OOM kill.
     */
    void oomSeen(String containerId, Instant at) {
        Instant previous = oomKills.put(containerId, at == null ? clock.instant() : at);
        // the kernel often kills several processes of one container in a row: one line per burst is enough
        (previous == null || at == null || previous.isBefore(at.minusSeconds(60)) ? log.atInfo() : log.atDebug())
                .addKeyValue("containerId", containerId).log("out-of-memory kill in a workspace container");
    }

    /** Looks at every managed container of this node; the fallback for exits the event stream did not deliver. */
    void fullPass() {
        List<Container> containers = docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(LABEL_MANAGED, "true", LABEL_NODE, worker.nodeId())).exec();
        Set<String> existing = containers.stream().map(Container::getId).collect(Collectors.toSet());
        reported.keySet().retainAll(existing);
        oomKills.keySet().retainAll(existing);
        asked.keySet().retainAll(existing);
        expectedExits.retainOnly(existing);
        for (Container container : containers) {
            if (ENDED.contains(container.getState())) {
                check(container.getId());
            }
        }
        Instant now = clock.instant();
        for (Container container : containers) {
            askIfWanted(container, now);
        }
    }

    /**
     * Shows command-side a container older than the grace period, at most once per period. A container younger
     * than that is never asked about, so one whose START is still on its way cannot be taken for an orphan.
     */
    private void askIfWanted(Container container, Instant now) {
        Instant threshold = now.minus(props.orphanGrace());
        Instant created = container.getCreated() == null ? null : Instant.ofEpochSecond(container.getCreated());
        Instant last = asked.get(container.getId());
        if (created == null || created.isAfter(threshold) || (last != null && last.isAfter(threshold))) {
            return;
        }
        Map<String, String> labels = container.getLabels();
        ContainerFound found;
        try {
            found = new ContainerFound(WorkspaceId.of(labels.get(LABEL_WORKSPACE)),
                    TenantId.of(labels.get(LABEL_TENANT)), worker.node(), container.getId(), created);
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("containerId", container.getId())
                    .log("managed container without valid workspace labels; not asked about");
            asked.put(container.getId(), now);
            return;
        }
        try {
            publisher.publish(found);
            asked.put(container.getId(), now);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.atWarn().addKeyValue("containerId", container.getId()).setCause(e)
                    .log("could not ask whether a container is wanted; the next pass tries again");
        }
    }

    /** Reports the container if it is one of this node's workspace containers and ended without being asked to. */
    void check(String containerId) {
        InspectContainerResponse container;
        try {
            container = docker.inspectContainerCmd(containerId).exec();
        } catch (NotFoundException removed) {
            return;
        }
        Map<String, String> labels = container.getConfig() == null ? null : container.getConfig().getLabels();
        if (labels == null || !"true".equals(labels.get(LABEL_MANAGED))
                || !worker.nodeId().equals(labels.get(LABEL_NODE))) {
            return;
        }
        ContainerState state = container.getState();
        String id = container.getId();
        if (state == null || !ENDED.contains(state.getStatus()) || expectedExits.isExpected(id)) {
            return;
        }
        Instant finishedAt = instant(state.getFinishedAt());
        Reported before = reported.get(id);
        boolean sameExit = before != null && Objects.equals(before.finishedAt(), finishedAt);
        if (sameExit && before.times() >= props.reportsPerExit()) {
            return;
        }
        WorkspaceId workspace;
        TenantId tenant;
        try {
            workspace = WorkspaceId.of(labels.get(LABEL_WORKSPACE));
            tenant = TenantId.of(labels.get(LABEL_TENANT));
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("containerId", id).log("managed container without valid workspace labels ignored");
            return;
        }
        int exitCode = state.getExitCodeLong() == null ? -1 : state.getExitCodeLong().intValue();
        boolean oomKilled = Boolean.TRUE.equals(state.getOOMKilled()) || oomDuringRun(id, state);
        ContainerExited exited = new ContainerExited(workspace, tenant, worker.node(), id, exitCode, oomKilled,
                finishedAt, ContainerExited.describe(exitCode, oomKilled, state.getError()));
        try (var t = MDC.putCloseable("tenantId", tenant.value());
             var w = MDC.putCloseable("workspaceId", workspace.toString())) {
            publisher.publish(exited);
            reported.put(id, new Reported(finishedAt, sameExit ? before.times() + 1 : 1));
            log.atInfo().addKeyValue("containerId", id).addKeyValue("exitCode", exitCode)
                    .addKeyValue("oomKilled", oomKilled).addKeyValue("reason", exited.reason())
                    .log("workspace container exited on its own; reported");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.atWarn().addKeyValue("containerId", id).setCause(e)
                    .log("could not report a container exit; the next pass tries again");
        }
    }

    /**
     * A managed container of this node was removed, and not by this node (DELETE, orphan removal): a running
     * workspace has lost its container. Only Docker's event tells, since a pass sees existing containers only, so
     * this is reported once; the labels come from the event because the container cannot be inspected any more.
     */
    void removed(String containerId, Map<String, String> labels, Instant at) {
        if (labels == null || !"true".equals(labels.get(LABEL_MANAGED))
                || !worker.nodeId().equals(labels.get(LABEL_NODE)) || expectedExits.isExpected(containerId)) {
            return;
        }
        WorkspaceId workspace;
        TenantId tenant;
        try {
            workspace = WorkspaceId.of(labels.get(LABEL_WORKSPACE));
            tenant = TenantId.of(labels.get(LABEL_TENANT));
        } catch (RuntimeException e) {
            return;
        }
        ContainerExited exited = new ContainerExited(workspace, tenant, worker.node(), containerId,
                ContainerExited.EXIT_CODE_UNKNOWN, false, at == null ? clock.instant() : at, REMOVED);
        try (var t = MDC.putCloseable("tenantId", tenant.value());
             var w = MDC.putCloseable("workspaceId", workspace.toString())) {
            publisher.publish(exited);
            log.atInfo().addKeyValue("containerId", containerId)
                    .log("workspace container removed outside the platform; reported");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.atWarn().addKeyValue("containerId", containerId).setCause(e)
                    .log("could not report a removed container");
        }
    }

    private boolean oomDuringRun(String containerId, ContainerState state) {
        Instant oom = oomKills.get(containerId);
        if (oom == null) {
            return false;
        }
        Instant startedAt = instant(state.getStartedAt());
        return startedAt == null || !oom.isBefore(startedAt.minusSeconds(1));
    }

    /** Docker's timestamps are RFC 3339 with nanoseconds; a never-set one is year 1. */
    private static Instant instant(String text) {
        if (text == null || text.isBlank() || text.startsWith("0001-")) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
