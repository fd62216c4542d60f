package io.aicockpit.worker.activity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.workspace.WorkspaceActivity;
import io.aicockpit.coreapi.workspace.WorkspaceActivityKind;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import io.aicockpit.worker.ContainerWorkerProperties;
import io.aicockpit.worker.docker.HousekeepingExecs;
import io.aicockpit.worker.docker.WorkspaceContainerNames;
import io.aicockpit.worker.terminal.WorkspaceTerminalActivity;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Samples this node's running workspaces and reports their use ({@link ActivityConfiguration} runs {@link #sample()}
 * every {@code sample-interval}, the first one interval after start-up). Each sample looks at every running managed
 * container of the node: the newest terminal input/output, file and exec requests since the last sample, and the
 * CPU time used since the last sample, less what the node's own execs in the container cost ({@link HousekeepingExecs};
 * a window with an unmeasured one is not judged). A workspace with newer activity than it last reported is published
 * once its publish interval passed; one report carries the newest time and every kind seen since the previous
 * report.
 * State is in memory on purpose: after a restart the first sample reports afresh, and consumers keep the maximum.
 */
class WorkspaceActivityReporter {
    private static final Logger log = LoggerFactory.getLogger(WorkspaceActivityReporter.class);

    private final ObjectMapper mapper = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private final DockerClient docker;
    private final ContainerWorkerProperties worker;
    private final ActivityProperties properties;
    private final WorkspaceTerminalActivity terminals;
    private final WorkspaceApiActivity api;
    private final ContainerCpuUsage cpu;
    private final HousekeepingExecs housekeeping;
    private final KafkaTemplate<String, String> kafka;
    private final Clock clock;
    /** Only the sampling thread touches this. */
    private final Map<WorkspaceId, State> states = new HashMap<>();

    WorkspaceActivityReporter(DockerClient docker, ContainerWorkerProperties worker, ActivityProperties properties,
                              WorkspaceTerminalActivity terminals, WorkspaceApiActivity api, ContainerCpuUsage cpu,
                              HousekeepingExecs housekeeping, KafkaTemplate<String, String> kafka, Clock clock) {
        this.docker = docker;
        this.worker = worker;
        this.properties = properties;
        this.terminals = terminals;
        this.api = api;
        this.cpu = cpu;
        this.housekeeping = housekeeping;
        this.kafka = kafka;
        this.clock = clock;
    }

    /** What the reporter remembers of one workspace between samples. */
    private static final class State {
        String containerId;
        long cpuNanos = -1;
        long cpuSampledAt;
        Instant terminalSeen;
        Instant newest;
        Instant reported;
        long publishedAtMillis = Long.MIN_VALUE;
        final EnumSet<WorkspaceActivityKind> kinds = EnumSet.noneOf(WorkspaceActivityKind.class);
    }

    void sample() {
        List<Container> running = docker.listContainersCmd()
                .withLabelFilter(Map.of(WorkspaceContainerNames.LABEL_MANAGED, "true",
                        WorkspaceContainerNames.LABEL_NODE, worker.nodeId()))
                .withStatusFilter(List.of("running")).exec();
        Set<WorkspaceId> seen = new HashSet<>();
        Set<String> containers = new HashSet<>();
        for (Container container : running) {
            containers.add(container.getId());
            Map<String, String> labels = container.getLabels();
            WorkspaceId workspaceId;
            TenantId tenantId;
            try {
                workspaceId = new WorkspaceId(UUID.fromString(labels.get(WorkspaceContainerNames.LABEL_WORKSPACE)));
                tenantId = new TenantId(labels.get(WorkspaceContainerNames.LABEL_TENANT));
            } catch (RuntimeException e) {
                continue;
            }
            seen.add(workspaceId);
            sample(workspaceId, tenantId, container.getId());
        }
        states.keySet().retainAll(seen);
        housekeeping.retain(containers);
    }

    private void sample(WorkspaceId workspaceId, TenantId tenantId, String containerId) {
        State state = states.computeIfAbsent(workspaceId, id -> new State());
        if (!containerId.equals(state.containerId)) {
            state.containerId = containerId;
            state.cpuNanos = -1;
        }
        Instant now = clock.instant();
        terminals.lastActivity(workspaceId).ifPresent(at -> {
            if (state.terminalSeen == null || at.isAfter(state.terminalSeen)) {
                state.terminalSeen = at;
                saw(state, at, EnumSet.of(WorkspaceActivityKind.TERMINAL));
            }
        });
        WorkspaceApiActivity.Seen requests = api.take(workspaceId);
        if (requests != null) {
            saw(state, requests.at(), requests.kinds());
        }
        // the node's own execs (file scans, disk measurement) are left out; while one runs the window waits
        HousekeepingExecs.Reading reading = housekeeping.read(containerId);
        OptionalLong nanos = reading.nanos().isPresent() ? reading.nanos() : cpu.statsNanos(containerId);
        long sampledAt = System.nanoTime();
        if (nanos.isPresent() && !reading.running()) {
            HousekeepingExecs.Charge charge = reading.charge();
            if (state.cpuNanos >= 0 && sampledAt > state.cpuSampledAt && charge.exact()) {
                long used = Math.max(0, nanos.getAsLong() - state.cpuNanos - charge.nanos());
                double cores = (double) used / (sampledAt - state.cpuSampledAt);
                if (cores >= properties.cpuThreshold()) {
                    saw(state, now, EnumSet.of(WorkspaceActivityKind.CPU));
                }
            }
            state.cpuNanos = nanos.getAsLong();
            state.cpuSampledAt = sampledAt;
        }
        boolean unreported = state.newest != null && (state.reported == null || state.newest.isAfter(state.reported));
        boolean due = state.publishedAtMillis == Long.MIN_VALUE
                || now.toEpochMilli() - state.publishedAtMillis >= properties.publishInterval().toMillis();
        if (unreported && due) {
            publish(new WorkspaceActivity(workspaceId, tenantId, worker.node(), state.newest, state.kinds), state,
                    now);
        }
    }

    private static void saw(State state, Instant at, Set<WorkspaceActivityKind> kinds) {
        if (state.newest == null || at.isAfter(state.newest)) {
            state.newest = at;
        }
        state.kinds.addAll(kinds);
    }

    private void publish(WorkspaceActivity activity, State state, Instant now) {
        try {
            kafka.send(properties.topic(), activity.workspaceId().toString(), mapper.writeValueAsString(activity))
                    .get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (JsonProcessingException | ExecutionException | TimeoutException | RuntimeException e) {
            log.atWarn().addKeyValue("workspaceId", activity.workspaceId()).addKeyValue("reason", e.toString())
                    .log("workspace activity not reported; retried at the next sample");
            return;
        }
        state.reported = activity.lastActivityAt();
        state.publishedAtMillis = now.toEpochMilli();
        state.kinds.clear();
    }
}
