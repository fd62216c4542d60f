package io.aicockpit.coreapi.container;

import io.aicockpit.coreapi.common.ResourceLimits;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to run a workspace's container: the stack's image, the command that keeps it alive, the unprivileged
 * user it runs as, its environment and its limits. The worker adds the isolation it always applies
 * (capabilities dropped, no-new-privileges, network, labels, the /workspace volume).
 * {@code diskBytes} sizes a new workspace's /workspace volume; {@code null} leaves it to the node's default
 * ({@code aicockpit.container-worker.volumes.default-size}). An existing volume keeps the size it was made with.
 */
public record ContainerSpec(String image, List<String> command, String user, Map<String, String> env,
                            ResourceLimits limits, Long diskBytes) {
    public ContainerSpec {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(limits, "limits");
        command = command == null ? List.of() : List.copyOf(command);
        env = env == null ? Map.of() : Map.copyOf(env);
        if (diskBytes != null && diskBytes < 1) throw new IllegalArgumentException("diskBytes must be positive");
    }

    /** A spec whose volume gets the node's default size. */
    public ContainerSpec(String image, List<String> command, String user, Map<String, String> env,
                         ResourceLimits limits) {
        this(image, command, user, env, limits, null);
    }
}
