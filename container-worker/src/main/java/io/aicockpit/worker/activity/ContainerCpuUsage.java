package io.aicockpit.worker.activity;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.core.InvocationBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A container's cumulative CPU time. The cgroup v1 {@code cpuacct.usage} file is read directly (microseconds, no
 * Docker call); where it is not readable (cgroup v2, a worker in a container, a remote engine) the Docker stats API
 * is asked once per sample, which costs a round trip per running container. The node's own execs are measured by
 * the file only ({@link io.aicockpit.worker.docker.HousekeepingExecs}): a round trip around each would cost more
 * than the exec.
 */
class ContainerCpuUsage {
    private static final Logger log = LoggerFactory.getLogger(ContainerCpuUsage.class);

    private static final int MAX_FILE_FAILURES = 5;

    private final DockerClient docker;
    private final String cgroupTemplate;
    /** Until the file was read once, repeated failures mean this host has no such file (cgroup v2, remote engine). */
    private volatile boolean fileRead;
    private volatile int fileFailures;

    ContainerCpuUsage(DockerClient docker, String cgroupTemplate) {
        this.docker = docker;
        this.cgroupTemplate = cgroupTemplate;
    }

    /** The Docker stats API's count: one round trip to the engine. */
    OptionalLong statsNanos(String containerId) {
        try (InvocationBuilder.AsyncResultCallback<Statistics> callback = new InvocationBuilder.AsyncResultCallback<>()) {
            docker.statsCmd(containerId).withNoStream(true).exec(callback);
            Statistics stats = callback.awaitResult();
            Long total = stats == null || stats.getCpuStats() == null || stats.getCpuStats().getCpuUsage() == null
                    ? null : stats.getCpuStats().getCpuUsage().getTotalUsage();
            return total == null ? OptionalLong.empty() : OptionalLong.of(total);
        } catch (IOException | RuntimeException e) {
            log.atDebug().addKeyValue("containerId", containerId).addKeyValue("reason", e.toString())
                    .log("no CPU counter for container");
            return OptionalLong.empty();
        }
    }

    /** The cgroup file's count only (microseconds to read); empty where this host has no such file. */
    OptionalLong fileNanos(String containerId) {
        if (fileRead || fileFailures < MAX_FILE_FAILURES) {
            try {
                long nanos = Long.parseLong(Files.readString(Path.of(cgroupTemplate.replace("{id}", containerId)))
                        .strip());
                fileRead = true;
                return OptionalLong.of(nanos);
            } catch (IOException | NumberFormatException e) {
                // a container that just ended has no cgroup either: only a host that never had one switches over
                if (!fileRead && ++fileFailures == MAX_FILE_FAILURES) {
                    log.atInfo().addKeyValue("path", cgroupTemplate).addKeyValue("reason", e.toString())
                            .log("cgroup CPU counter not readable; using the Docker stats API for CPU activity");
                }
            }
        }
        return OptionalLong.empty();
    }
}
