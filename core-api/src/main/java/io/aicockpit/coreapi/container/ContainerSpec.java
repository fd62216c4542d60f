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
 * null in actions sent before it existed.
 */
public record ContainerSpec(String image, List<String> command, String user, Map<String, String> env,
                            ResourceLimits limits, String ownerSubject) {
    public ContainerSpec {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(limits, "limits");
        command = command == null ? List.of() : List.copyOf(command);
        env = env == null ? Map.of() : Map.copyOf(env);
    }

    /** A spec that names no owner. */
    public ContainerSpec(String image, List<String> command, String user, Map<String, String> env,
                         ResourceLimits limits) {
        this(image, command, user, env, limits, null);
    }
}
