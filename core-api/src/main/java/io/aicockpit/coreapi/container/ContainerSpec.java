package io.aicockpit.coreapi.container;

import io.aicockpit.coreapi.common.ResourceLimits;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to run a workspace's container: the stack's image, the command that keeps it alive, the unprivileged
 * user it runs as, its environment and its limits. The worker adds the isolation it always applies
 * (capabilities dropped, no-new-privileges, network, labels, the /workspace volume). {@code ownerSubject} is the
 * workspace owner's subject, put on the container as a label so the node's usage records name whom to charge;
 * null in actions sent before it existed. {@code diskBytes} sizes a new workspace's /workspace volume; {@code null}
 * leaves it to the node's default ({@code aicockpit.container-worker.volumes.default-size}). An existing volume keeps
 * the size it was made with.
 */
public record ContainerSpec(String image, List<String> command, String user, Map<String, String> env,
                            ResourceLimits limits, String ownerSubject, Long diskBytes) {
    public ContainerSpec {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(limits, "limits");
        command = command == null ? List.of() : List.copyOf(command);
        env = env == null ? Map.of() : Map.copyOf(env);
        if (diskBytes != null && diskBytes < 1) throw new IllegalArgumentException("diskBytes must be positive");
    }

    /** A spec that names no owner and whose volume gets the node's default size. */
    public ContainerSpec(String image, List<String> command, String user, Map<String, String> env,
                         ResourceLimits limits) {
        this(image, command, user, env, limits, null, null);
    }

    /** A spec whose volume gets the node's default size. */
    public ContainerSpec(String image, List<String> command, String user, Map<String, String> env,
                         ResourceLimits limits, String ownerSubject) {
        this(image, command, user, env, limits, ownerSubject, null);
    }
}
