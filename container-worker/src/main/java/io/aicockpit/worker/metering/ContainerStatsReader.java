package io.aicockpit.worker.metering;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.transport.DockerHttpClient;
import io.aicockpit.worker.docker.HousekeepingExecs;
import io.aicockpit.worker.docker.WorkspaceContainerNames;
import io.aicockpit.worker.docker.WorkspaceDocker;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Reads a container's counters from the engine. CPU and memory come from {@code GET /containers/{id}/stats} with
 * {@code stream=false&one-shot=true}: one read of the container's cgroup ({@code cpuacct.usage},
 * {@code memory.usage_in_bytes} here, cgroup v1) without the second sample plain {@code stream=false} waits a
 * second for; it works on remote engines too, where the node cannot read the host's {@code /sys/fs/cgroup}. The
 * size of {@code /workspace} comes from {@code du -skx} run in the container, whatever backs the volume.
 */
class ContainerStatsReader {
    private static final long DU_TIMEOUT_SECONDS = 20;
    private final WorkspaceDocker docker;
    private final HousekeepingExecs housekeeping;
    private final ObjectMapper json = new ObjectMapper();

    ContainerStatsReader(WorkspaceDocker docker, HousekeepingExecs housekeeping) {
        this.docker = docker;
        this.housekeeping = housekeeping;
    }

    /** CPU and memory now, or empty when the container is not running (the engine answers zeros then). */
    Optional<ContainerSample> cpuAndMemory(String containerId, Instant at) throws IOException {
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET)
                .path(docker.apiPath("/containers/" + URLEncoder.encode(containerId, StandardCharsets.UTF_8)
                        + "/stats?stream=false&one-shot=true"))
                .build();
        JsonNode stats;
        try (DockerHttpClient.Response response = docker.http().execute(request);
             InputStream body = response.getBody()) {
            if (response.getStatusCode() != 200) {
                return Optional.empty();
            }
            stats = json.readTree(body);
        }
        JsonNode cpu = stats.path("cpu_stats").path("cpu_usage").path("total_usage");
        JsonNode memory = stats.path("memory_stats");
        if (!cpu.canConvertToLong() || cpu.asLong() <= 0 || !memory.path("usage").canConvertToLong()) {
            return Optional.empty();
        }
        // like docker stats: page cache the kernel can drop at once is not memory the workspace holds
        long inactive = memory.path("stats").path("total_inactive_file").asLong(
                memory.path("stats").path("inactive_file").asLong(0));
        long used = Math.max(0, memory.path("usage").asLong() - inactive);
        return Optional.of(new ContainerSample(readAt(stats, at), cpu.asLong(), used, -1));
    }

    /**
     * When the engine read the counters ({@code read}), not when this node asked: the answer's latency varies by
     * hundreds of milliseconds on a busy node, and a window timed by the request would charge a busy container more
     * CPU than its limit allows in one window and less in the next. {@code fallback} when the field is missing.
     */
    static Instant readAt(JsonNode stats, Instant fallback) {
        String read = stats.path("read").asText("");
        try {
            Instant at = Instant.parse(read);
            return at.getEpochSecond() > 0 ? at : fallback;
        } catch (java.time.format.DateTimeParseException e) {
            return fallback;
        }
    }

    /**
     * Bytes under {@code /workspace} as {@code du} counts them (files the workspace user cannot read are missed); -1
     * when it did not finish in time. The walk's CPU is the node's, not the workspace's activity.
     */
    long workspaceBytes(String containerId) throws InterruptedException {
        return housekeeping.run(containerId, () -> du(containerId));
    }

    private long du(String containerId) throws InterruptedException {
        String execId = docker.client().execCreateCmd(containerId)
                .withCmd("du", "-skx", WorkspaceContainerNames.WORKSPACE_DIR)
                .withAttachStdout(true).withAttachStderr(false)
                .exec().getId();
        StringBuilder out = new StringBuilder();
        ResultCallback.Adapter<Frame> callback = docker.client().execStartCmd(execId).withDetach(false)
                .exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Frame frame) {
                        if (frame.getStreamType() == StreamType.STDOUT || frame.getStreamType() == StreamType.RAW) {
                            out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                        }
                    }
                });
        if (!callback.awaitCompletion(DU_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            try {
                callback.close();
            } catch (IOException ignored) {
                // the exec is abandoned either way; the last size stays charged
            }
            return -1;
        }
        String first = out.toString().strip().split("\\s+", 2)[0];
        try {
            return Long.parseLong(first) * 1024;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
