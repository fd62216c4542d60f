package io.aicockpit.worker.metering;

import static io.aicockpit.worker.docker.WorkspaceContainerNames.LABEL_MANAGED;
import static io.aicockpit.worker.docker.WorkspaceContainerNames.LABEL_NODE;
import static io.aicockpit.worker.docker.WorkspaceContainerNames.LABEL_OWNER;
import static io.aicockpit.worker.docker.WorkspaceContainerNames.LABEL_TENANT;
import static io.aicockpit.worker.docker.WorkspaceContainerNames.LABEL_WORKSPACE;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import io.aicockpit.coreapi.usage.ContainerUsageRecorded;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import io.aicockpit.worker.ContainerWorkerProperties;
import io.aicockpit.worker.docker.HousekeepingExecs;
import io.aicockpit.worker.docker.WorkspaceDocker;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples every running managed container of this node each pass ({@link MeteringConfiguration} runs
 * {@link #pass()} every {@code interval}, the first right at start-up) and publishes what each used since the last
 * sample. A record the broker did not take is kept (same id) and sent again at the next pass, so a broker outage
 * delays usage without losing or doubling it; beyond {@link #MAX_PENDING} the oldest are dropped with a warning.
 */
class ContainerMeter {
    static final int MAX_PENDING = 10_000;
    private static final Logger log = LoggerFactory.getLogger(ContainerMeter.class);

    private final WorkspaceDocker docker;
    private final ContainerStatsReader reader;
    private final ContainerUsagePublisher publisher;
    private final ContainerWorkerProperties worker;
    private final MeteringProperties props;
    private final Clock clock;
    private final ContainerUsageLedger ledger;
    private final Deque<ContainerUsageRecorded> pending = new ArrayDeque<>();
    /** When {@code /workspace} of a container was last measured. */
    private final Map<String, Instant> diskMeasured = new HashMap<>();

    ContainerMeter(WorkspaceDocker docker, ContainerUsagePublisher publisher, ContainerWorkerProperties worker,
                   MeteringProperties props, Clock clock, HousekeepingExecs housekeeping) {
        this.docker = docker;
        this.reader = new ContainerStatsReader(docker, housekeeping);
        this.publisher = publisher;
        this.worker = worker;
        this.props = props;
        this.clock = clock;
        this.ledger = new ContainerUsageLedger(worker.node());
    }

    /** One pass: samples every running container, then sends what is pending. */
    void pass() {
        Instant began = clock.instant();
        List<Container> containers = docker.client().listContainersCmd()
                .withStatusFilter(List.of("running"))
                .withLabelFilter(Map.of(LABEL_MANAGED, "true", LABEL_NODE, worker.nodeId())).exec();
        Set<String> seen = new HashSet<>();
        for (Container container : containers) {
            seen.add(container.getId());
            try {
                sample(container).ifPresent(this::enqueue);
            } catch (NotFoundException | ConflictException stoppedMeanwhile) {
                log.atDebug().addKeyValue("containerId", container.getId()).log("container ended while sampled");
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    return;
                }
                log.atWarn().addKeyValue("containerId", container.getId()).addKeyValue("reason", e.toString())
                        .log("could not sample a workspace container");
            }
        }
        ledger.passed(began, seen);
        diskMeasured.keySet().retainAll(seen);
        flush();
    }

    private Optional<ContainerUsageRecorded> sample(Container container) throws Exception {
        Map<String, String> labels = container.getLabels();
        String workspace = labels == null ? null : labels.get(LABEL_WORKSPACE);
        String tenant = labels == null ? null : labels.get(LABEL_TENANT);
        if (workspace == null || tenant == null) {
            return Optional.empty();
        }
        WorkspaceId workspaceId;
        try {
            workspaceId = WorkspaceId.of(workspace);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String id = container.getId();
        Optional<ContainerSample> counters = reader.cpuAndMemory(id, clock.instant());
        if (counters.isEmpty()) {
            return Optional.empty();
        }
        ContainerSample sample = counters.get();
        long disk = ledger.lastDiskBytes(id);
        Instant measured = diskMeasured.get(id);
        if (measured == null || !sample.at().isBefore(measured.plus(props.diskInterval()))) {
            long bytes = reader.workspaceBytes(id);
            diskMeasured.put(id, sample.at());
            disk = bytes >= 0 ? bytes : disk;
        }
        sample = new ContainerSample(sample.at(), sample.cpuNanos(), sample.memoryBytes(), disk);
        return ledger.record(new ContainerUsageLedger.Owner(id, tenant, workspaceId, labels.get(LABEL_OWNER)),
                sample, () -> startedAt(id));
    }

    private Instant startedAt(String containerId) {
        try {
            String started = docker.client().inspectContainerCmd(containerId).exec().getState().getStartedAt();
            return started == null ? null : Instant.parse(started);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void enqueue(ContainerUsageRecorded usage) {
        pending.addLast(usage);
        if (pending.size() > MAX_PENDING) {
            ContainerUsageRecorded dropped = pending.removeFirst();
            log.atWarn().addKeyValue("tenantId", dropped.tenantId()).addKeyValue("workspaceId", dropped.workspaceId())
                    .log("container usage backlog full; dropped the oldest record");
        }
    }

    private void flush() {
        while (!pending.isEmpty()) {
            ContainerUsageRecorded next = pending.peekFirst();
            try {
                publisher.publish(next);
                pending.removeFirst();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                log.atWarn().addKeyValue("pending", pending.size()).addKeyValue("reason", e.toString())
                        .log("could not publish container usage; retrying at the next pass");
                return;
            }
        }
    }
}
