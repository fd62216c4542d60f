package io.aicockpit.coreapi.container;

import io.aicockpit.coreapi.common.ResourceLimits;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to run a workspace's container: the stack's image, the command that keeps it alive, the unprivileged
 * user it runs as, its environment and its limits. The worker adds the isolation it always applies
 * (capabilities dropped, no-new-privileges, network, labels, the /workspace volume).
 */
public record ContainerSpec(String image, List<String> command, String user, Map<String, String> env,
                            ResourceLimits limits) {
    public ContainerSpec {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(limits, "limits");
        command = command == null ? List.of() : List.copyOf(command);
        env = env == null ? Map.of() : Map.copyOf(env);
    }
}
