package io.aicockpit.coreapi.container;

import io.aicockpit.coreapi.common.NodeId;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Objects;

/**
 * A worker node saw a workspace's container stop on its own: it crashed, was killed, or ran out of memory. Sent by
 * the node's reconciler on {@link io.aicockpit.coreapi.messaging.Topics#CONTAINER_EVENTS} keyed by workspace id;
 * exits the node caused itself (STOP, DELETE) are not reported. The same exit may be reported more than once.
 *
 * @param exitCode   Docker's {@code State.ExitCode}; 137 is SIGKILL, and 0 is possible after an out-of-memory kill
 *                   of a child process; {@value #EXIT_CODE_UNKNOWN} when the container was removed and cannot tell
 * @param oomKilled  Docker's {@code State.OOMKilled}, or an {@code oom} event the node saw for this container
 * @param finishedAt Docker's {@code State.FinishedAt}: when this run of the container ended
 * @param reason     what the user is shown, e.g. "killed: out of memory (OOM)" or "exited with code 137"
 */
public record ContainerExited(WorkspaceId workspaceId, TenantId tenantId, NodeId nodeId, String containerId,
                              int exitCode, boolean oomKilled, Instant finishedAt, String reason) {
    /** The exit code of a container that was removed outside the platform: there is none to read. */
    public static final int EXIT_CODE_UNKNOWN = -1;

    public ContainerExited {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(containerId, "containerId");
        if (reason == null || reason.isBlank()) {
            reason = describe(exitCode, oomKilled, null);
        }
    }

    /**
     * The reason shown to the user. An out-of-memory kill is named as such whatever the exit code; Docker's own
     * error (a failed restart, a missing mount) is appended when there is one.
     */
    public static String describe(int exitCode, boolean oomKilled, String dockerError) {
        String text = oomKilled ? "killed: out of memory (OOM)"
                : exitCode == 137 ? "exited with code 137 (killed)"
                : exitCode == 143 ? "exited with code 143 (terminated)"
                : "exited with code " + exitCode;
        return dockerError == null || dockerError.isBlank() ? text : text + ": " + dockerError.strip();
    }
}
