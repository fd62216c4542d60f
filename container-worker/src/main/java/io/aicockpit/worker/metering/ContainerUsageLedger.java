package io.aicockpit.worker.metering;

import io.aicockpit.coreapi.common.NodeId;
import io.aicockpit.coreapi.usage.ContainerUsageRecorded;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns consecutive samples of a container into usage records. Remembers only the last sample per container, in
 * memory: after a node restart the first sample of a container that was already running is a new baseline, so a
 * crash loses at most one interval and never counts anything twice. A container first seen after it started
 * since the previous pass is counted from its start; a CPU counter lower than the last one means the container
 * restarted, and the new counter is the usage since then. Not thread-safe: one pass at a time.
 */
final class ContainerUsageLedger {
    static final double GIB = 1024d * 1024 * 1024;

    /** Who a container's usage belongs to, from its labels. */
    record Owner(String containerId, String tenantId, WorkspaceId workspaceId, String ownerSubject) {}

    private final NodeId node;
    private final Map<String, ContainerSample> last = new HashMap<>();
    private Instant previousPass;

    ContainerUsageLedger(NodeId node) {
        this.node = node;
    }

    /**
     * The usage since the container's last sample, or empty when this sample is only a baseline.
     *
     * @param startedAt when the container last started; asked only for a container seen for the first time or
     *                  whose counter went back, null when unknown
     */
    Optional<ContainerUsageRecorded> record(Owner owner, ContainerSample now, Supplier<Instant> startedAt) {
        ContainerSample prev = last.put(owner.containerId(), now);
        long cpuNanos;
        if (prev == null) {
            Instant started = previousPass == null ? null : startedAt.get();
            if (started == null || !started.isAfter(previousPass) || !started.isBefore(now.at())) {
                return Optional.empty();
            }
            prev = new ContainerSample(started, 0, -1, -1);
            cpuNanos = now.cpuNanos();
        } else if (now.cpuNanos() < prev.cpuNanos()) {
            Instant started = startedAt.get();
            if (started != null && started.isAfter(prev.at()) && started.isBefore(now.at())) {
                prev = new ContainerSample(started, 0, -1, prev.diskBytes());
            }
            cpuNanos = now.cpuNanos();
        } else {
            cpuNanos = now.cpuNanos() - prev.cpuNanos();
        }
        if (!now.at().isAfter(prev.at())) {
            return Optional.empty();
        }
        double seconds = Duration.between(prev.at(), now.at()).toNanos() / 1e9;
        double memoryBytes = prev.memoryBytes() >= 0 ? (prev.memoryBytes() + now.memoryBytes()) / 2d
                : now.memoryBytes();
        long diskBytes = now.diskBytes() >= 0 ? now.diskBytes() : Math.max(prev.diskBytes(), 0);
        return Optional.of(new ContainerUsageRecorded(
                ContainerUsageRecorded.idOf(owner.containerId(), prev.at(), now.at()), owner.tenantId(),
                owner.workspaceId(), owner.ownerSubject(), node, owner.containerId(), prev.at(), now.at(),
                cpuNanos / 1e9, memoryBytes / GIB * seconds, diskBytes / GIB * seconds / 3600));
    }

    /** Ends a pass: forgets containers no longer running, and remembers when the pass began. */
    void passed(Instant passBegan, Set<String> running) {
        last.keySet().retainAll(running);
        previousPass = passBegan;
    }

    /** The last known {@code /workspace} size of a container, or -1. */
    long lastDiskBytes(String containerId) {
        ContainerSample sample = last.get(containerId);
        return sample == null ? -1 : sample.diskBytes();
    }
}
