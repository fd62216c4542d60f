package io.aicockpit.worker.metering;

import java.time.Instant;

/**
 * The counters of one container at one moment.
 *
 * @param cpuNanos    CPU time used since the container (re)started, from its cgroup ({@code cpuacct.usage})
 * @param memoryBytes memory in use now without the inactive page cache, as {@code docker stats} shows it
 * @param diskBytes   size of {@code /workspace} at the last measurement, or -1 when not measured yet
 */
record ContainerSample(Instant at, long cpuNanos, long memoryBytes, long diskBytes) {}
