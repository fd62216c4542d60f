package io.aicockpit.worker.node;

import static io.aicockpit.worker.docker.WorkspaceContainerNames.LABEL_MANAGED;
import static io.aicockpit.worker.docker.WorkspaceContainerNames.LABEL_NODE;
import static io.aicockpit.worker.docker.WorkspaceContainerNames.LABEL_TENANT;
import static io.aicockpit.worker.docker.WorkspaceContainerNames.LABEL_WORKSPACE;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Info;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.node.NodeHeartbeat;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import io.aicockpit.worker.ContainerWorkerProperties;
import io.aicockpit.worker.docker.WorkspaceDocker;
import io.aicockpit.worker.volume.WorkspaceDiskUsage;
import io.aicockpit.worker.volume.WorkspaceVolumes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Makes and sends this node's heartbeat ({@link NodeConfiguration} runs {@link #beat()} every
 * {@code heartbeat-interval}, the first right at start-up): capacity (configured, or read from the engine and the
 * volume file system once at start-up, the engine's CPUs times {@code cpu-overcommit}), labels, and the load of the
 * moment (every workspace container of this node, the limits of the running ones, the volume file system's use, each
 * running workspace's volume use every {@code disk-interval}). A heartbeat Kafka refuses is dropped: the next one
 * says the same, newer.
 */
class NodeHeartbeatPublisher {
    private static final Logger log = LoggerFactory.getLogger(NodeHeartbeatPublisher.class);
    private static final long MIB = 1024 * 1024;
    private final ObjectMapper json = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS).build();

    private final WorkspaceDocker docker;
    private final KafkaTemplate<String, String> kafka;
    private final ContainerWorkerProperties worker;
    private final NodeProperties props;
    private final WorkspaceVolumes volumes;
    private final Path volumeDirectory;
    private final Environment environment;
    private final Clock clock;
    private final Instant startedAt;
    /** Limits of containers seen running (they never change for a container id). */
    private final Map<String, long[]> limits = new HashMap<>();
    private final Map<String, Measured> disk = new HashMap<>();
    private NodeHeartbeat.Capacity capacity;

    private record Measured(Instant at, Long limit, Long used) {}

    NodeHeartbeatPublisher(WorkspaceDocker docker, KafkaTemplate<String, String> kafka, ContainerWorkerProperties worker,
                           NodeProperties props, WorkspaceVolumes volumes, Path volumeDirectory, Environment environment,
                           Clock clock) {
        this.docker = docker;
        this.kafka = kafka;
        this.worker = worker;
        this.props = props;
        this.volumes = volumes;
        this.volumeDirectory = volumeDirectory;
        this.environment = environment;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    /** One heartbeat, sent and waited for; a failure is logged and dropped, the next heartbeat says the same. */
    void beat() throws InterruptedException {
        try {
            NodeHeartbeat heartbeat = heartbeat();
            kafka.send(props.heartbeatTopic(), worker.nodeId(), json.writeValueAsString(heartbeat))
                    .get(props.heartbeatInterval().toMillis() * 2 + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            log.atWarn().addKeyValue("reason", e.toString()).log("node heartbeat not sent; the next one follows");
        }
    }

    NodeHeartbeat heartbeat() {
        if (capacity == null) {
            capacity = capacity();
        }
        List<Container> containers = docker.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(LABEL_MANAGED, "true", LABEL_NODE, worker.nodeId())).exec();
        List<NodeHeartbeat.Container> workspaces = new ArrayList<>();
        int running = 0;
        long cpus = 0;
        long memory = 0;
        Map<String, long[]> seenLimits = new HashMap<>();
        Map<String, Measured> seenDisk = new HashMap<>();
        for (Container c : containers) {
            Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
            WorkspaceId workspace;
            TenantId tenant;
            try {
                workspace = WorkspaceId.of(labels.get(LABEL_WORKSPACE));
                tenant = new TenantId(labels.get(LABEL_TENANT));
            } catch (RuntimeException e) {
                continue;
            }
            boolean isRunning = "running".equals(c.getState());
            Measured measured = disk.get(c.getId());
            if (isRunning) {
                running++;
                long[] limit = limits.containsKey(c.getId()) ? limits.get(c.getId()) : limitsOf(c.getId());
                seenLimits.put(c.getId(), limit);
                cpus += limit[0];
                memory += limit[1];
                if (measured == null || measured.at().plus(props.diskInterval()).isBefore(clock.instant())) {
                    measured = measure(c);
                }
            }
            if (measured != null) {
                seenDisk.put(c.getId(), measured);
            }
            workspaces.add(new NodeHeartbeat.Container(workspace, tenant, c.getId(), isRunning,
                    measured == null ? null : measured.limit(), measured == null ? null : measured.used()));
        }
        limits.keySet().retainAll(seenLimits.keySet());
        limits.putAll(seenLimits);
        disk.keySet().retainAll(seenDisk.keySet());
        disk.putAll(seenDisk);
        long diskUsed = fileStore().map(s -> {
            try {
                return s.getTotalSpace() - s.getUnallocatedSpace();
            } catch (IOException e) {
                return 0L;
            }
        }).orElse(0L);
        return new NodeHeartbeat(worker.node(), apiUri(), worker.dockerHost(), startedAt, clock.instant(),
                props.heartbeatInterval(), props.labelMap(), capacity,
                new NodeHeartbeat.Load(running, cpus, memory, null, diskUsed), workspaces);
    }

    private long[] limitsOf(String containerId) {
        try {
            InspectContainerResponse inspect = docker.client().inspectContainerCmd(containerId).exec();
            HostConfig host = inspect.getHostConfig();
            long cpus = host == null || host.getNanoCPUs() == null ? 0 : host.getNanoCPUs();
            long memory = host == null || host.getMemory() == null ? 0 : host.getMemory();
            return new long[] {cpus, memory};
        } catch (RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    private Measured measure(Container c) {
        String name = c.getNames() != null && c.getNames().length > 0 ? c.getNames()[0].replaceFirst("^/", "") : null;
        if (name == null) {
            return null;
        }
        try {
            Optional<WorkspaceDiskUsage> usage = volumes.usage(name);
            return usage.map(u -> new Measured(clock.instant(), u.limitBytes(), u.usedBytes())).orElse(null);
        } catch (RuntimeException e) {
            log.atDebug().addKeyValue("containerId", c.getId()).addKeyValue("reason", e.toString())
                    .log("volume use not measured");
            return null;
        }
    }

    private NodeHeartbeat.Capacity capacity() {
        long engineCpus = Runtime.getRuntime().availableProcessors() * 1_000_000_000L;
        long engineMemory = Runtime.getRuntime().maxMemory();
        try {
            Info info = docker.client().infoCmd().exec();
            if (info.getNCPU() != null) {
                engineCpus = info.getNCPU() * 1_000_000_000L;
            }
            if (info.getMemTotal() != null) {
                engineMemory = info.getMemTotal();
            }
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("reason", e.toString())
                    .log("engine info unreadable: capacity from this JVM's host view");
        }
        long cpus = props.nanoCpus(engineCpus);
        long memory = props.memory() == null ? engineMemory : props.memory().toBytes();
        long diskTotal = props.disk() != null ? props.disk().toBytes() : fileStore().map(s -> {
            try {
                return s.getTotalSpace();
            } catch (IOException e) {
                return 0L;
            }
        }).orElse(0L);
        int max = props.maxWorkspaces() != null ? props.maxWorkspaces()
                : (int) Math.max(1, Math.min(100, memory / (256 * MIB)));
        NodeHeartbeat.Capacity c = new NodeHeartbeat.Capacity(cpus, memory, diskTotal, max);
        log.atInfo().addKeyValue("nodeId", worker.nodeId()).addKeyValue("labels", props.labelMap())
                .addKeyValue("nanoCpus", cpus).addKeyValue("engineNanoCpus", engineCpus)
                .addKeyValue("memoryBytes", memory).addKeyValue("diskBytes", diskTotal).addKeyValue("maxWorkspaces", max)
                .log("node capacity");
        return c;
    }

    /** The file system holding workspace volumes: the volume directory, or its nearest existing parent. */
    private Optional<FileStore> fileStore() {
        Path p = volumeDirectory.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        try {
            return p == null ? Optional.empty() : Optional.of(Files.getFileStore(p));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private URI apiUri() {
        if (props.apiUri() != null) {
            return props.apiUri();
        }
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8083"));
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "127.0.0.1";
        }
        return URI.create("http://" + host + ":" + port);
    }
}
