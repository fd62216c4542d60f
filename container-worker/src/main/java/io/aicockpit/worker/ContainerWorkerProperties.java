package io.aicockpit.worker;

import com.github.dockerjava.api.model.Capability;
import io.aicockpit.coreapi.common.NodeId;
import io.aicockpit.coreapi.messaging.Topics;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of one worker node ({@code aicockpit.container-worker.*}).
 *
 * @param nodeId           names this node in results and container labels
 *                         ({@code AICOCKPIT_CONTAINER_WORKER_NODE_ID}); the host name when blank
 * @param dockerHost       the engine this node drives ({@code AICOCKPIT_CONTAINER_WORKER_DOCKER_HOST})
 * @param dockerApiVersion pinned because the test classpath ships a docker-java.properties asking for 1.44,
 *                         which the 20.10 engine refuses
 * @param network          network mode of workspace containers; {@code none} keeps them off every network
 * @param capAdd           capabilities given back after dropping ALL, e.g. {@code CHOWN}; none by default
 * @param stopTimeout      grace period between SIGTERM and SIGKILL on STOP; at most 50s so the stop call
 *                         finishes within the Docker client's 60s response timeout
 * @param actionsTopic     where actions are consumed; only tests change it, to stay apart from other suites
 *                         sharing the broker
 * @param resultsTopic     where results are published; only tests change it
 * @param haltBeforeAck    test only: halt the JVM after doing the Docker work of the first action and before
 *                         publishing its result/acknowledging it, to prove redelivery is safe
 * @param querySideUri     where the workspace API asks whether the caller may see a workspace
 *                         ({@code GET /api/v1/workspaces/{id}} with the caller's own identity token)
 * @param files            limits of the workspace file API
 * @param exec             limits of the workspace exec API
 */
@Validated
@ConfigurationProperties("aicockpit.container-worker")
public record ContainerWorkerProperties(
        String nodeId,
        @DefaultValue("unix:///var/run/docker.sock") @NotBlank String dockerHost,
        @DefaultValue("1.41") @NotBlank String dockerApiVersion,
        @DefaultValue("none") @NotBlank String network,
        @DefaultValue List<Capability> capAdd,
        @DefaultValue("10s") @NotNull Duration stopTimeout,
        @DefaultValue(Topics.CONTAINER_ACTIONS) @NotBlank String actionsTopic,
        @DefaultValue(Topics.CONTAINER_RESULTS) @NotBlank String resultsTopic,
        @DefaultValue("false") boolean haltBeforeAck,
        @DefaultValue("http://127.0.0.1:8082") @NotNull URI querySideUri,
        @DefaultValue @NotNull @Valid Files files,
        @DefaultValue @NotNull @Valid Exec exec) {

    static final Duration MAX_STOP_TIMEOUT = Duration.ofSeconds(50);

    public ContainerWorkerProperties {
        nodeId = nodeId == null || nodeId.isBlank() ? hostName() : nodeId.strip();
        capAdd = capAdd == null ? List.of() : List.copyOf(capAdd);
        if (stopTimeout != null && (stopTimeout.isNegative() || stopTimeout.compareTo(MAX_STOP_TIMEOUT) > 0)) {
            throw new IllegalArgumentException("stop-timeout must be between 0s and " + MAX_STOP_TIMEOUT.toSeconds() + "s");
        }
    }

    /**
     * Limits of the workspace file API ({@code /api/v1/workspaces/{id}/files...}, see docs/files.md).
     *
     * @param maxReadBytes       {@code GET .../files/content}: default and largest {@code maxBytes} a caller may ask for
     * @param maxWriteBytes      largest file body of {@code PUT .../files/content} and of each uploaded file (413 above)
     * @param maxUploadBytes     largest whole {@code POST .../files/upload} request (413 above)
     * @param maxEtagBytes       files up to this size get an {@code ETag} on read (the whole file is hashed even when
     *                           only {@code maxBytes} are sent); larger ones are answered without one
     * @param user               who file changes run as inside the container ({@code uid:gid}); the workspace's
     *                           unprivileged user, so the API can do no more than the user's own terminal
     * @param operationTimeout   longest in-container file operation (a write, a delete of a large tree) before it is
     *                           killed and answered 502
     * @param maxListEntries     entries listed per directory; the rest are left off and the listing flagged truncated
     * @param changesInterval    how often a watched workspace is scanned for changes (the change stream's latency)
     * @param changesMaxEntries  entries scanned per workspace and round; beyond it changes are not seen and deletions
     *                           not reported
     * @param changesExcluded    directory names the change scan does not descend into
     * @param changesHeartbeat   comment sent on an idle change stream so proxies keep it open
     * @param maxChangeStreams   change streams open at once per workspace on this node (429 above)
     * @param changesMaxDuration a change stream is closed after this long; clients reconnect
     */
    public record Files(@DefaultValue("1MB") @NotNull DataSize maxReadBytes,
                        @DefaultValue("10MB") @NotNull DataSize maxWriteBytes,
                        @DefaultValue("64MB") @NotNull DataSize maxUploadBytes,
                        @DefaultValue("64MB") @NotNull DataSize maxEtagBytes,
                        @DefaultValue("1000:1000") @NotBlank String user,
                        @DefaultValue("120s") @NotNull Duration operationTimeout,
                        @DefaultValue("10000") @Positive int maxListEntries,
                        @DefaultValue("1s") @NotNull Duration changesInterval,
                        @DefaultValue("20000") @Positive int changesMaxEntries,
                        @DefaultValue({"node_modules", ".git"}) List<String> changesExcluded,
                        @DefaultValue("15s") @NotNull Duration changesHeartbeat,
                        @DefaultValue("16") @Positive int maxChangeStreams,
                        @DefaultValue("1h") @NotNull Duration changesMaxDuration) {
        public Files {
            if (maxReadBytes != null && (maxReadBytes.toBytes() < 1 || maxReadBytes.toBytes() > Integer.MAX_VALUE)) {
                throw new IllegalArgumentException("files.max-read-bytes must be between 1B and 2GB");
            }
            if (maxWriteBytes != null && (maxWriteBytes.toBytes() < 1 || maxWriteBytes.toBytes() > 1L << 30)) {
                throw new IllegalArgumentException("files.max-write-bytes must be between 1B and 1GB");
            }
            if (changesInterval != null && changesInterval.toMillis() < 100) {
                throw new IllegalArgumentException("files.changes-interval must be at least 100ms");
            }
            changesExcluded = changesExcluded == null ? List.of() : List.copyOf(changesExcluded);
            for (String name : changesExcluded) {
                if (name.isBlank() || name.contains("/") || name.chars().anyMatch(Character::isISOControl)) {
                    throw new IllegalArgumentException("files.changes-excluded holds plain directory names");
                }
            }
        }

        /** The defaults, for code and tests that build properties without binding. */
        public static Files defaults() {
            return new Files(DataSize.ofMegabytes(1), DataSize.ofMegabytes(10), DataSize.ofMegabytes(64),
                    DataSize.ofMegabytes(64), "1000:1000", Duration.ofSeconds(120), 10_000, Duration.ofSeconds(1),
                    20_000, List.of("node_modules", ".git"), Duration.ofSeconds(15), 16, Duration.ofHours(1));
        }
    }

    /**
     * Limits of {@code POST /api/v1/workspaces/{id}/exec}.
     *
     * @param maxOutputBytes output kept per exec; the rest is drained and discarded
     * @param maxConcurrent  execs running on this node at once; more are refused with 429
     */
    public record Exec(@DefaultValue("64KB") @NotNull DataSize maxOutputBytes,
                       @DefaultValue("8") @Positive int maxConcurrent) {
        public Exec {
            if (maxOutputBytes != null && (maxOutputBytes.toBytes() < 1 || maxOutputBytes.toBytes() > 16L << 20)) {
                throw new IllegalArgumentException("exec.max-output-bytes must be between 1B and 16MB");
            }
        }
    }

    /** This node's id as it appears in results. */
    public NodeId node() {
        return new NodeId(nodeId);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String fromEnv = System.getenv("HOSTNAME");
            if (fromEnv != null && !fromEnv.isBlank()) {
                return fromEnv;
            }
            throw new IllegalStateException("cannot resolve the host name; set AICOCKPIT_CONTAINER_WORKER_NODE_ID", e);
        }
    }
}
