package io.aicockpit.worker.volume;

import com.github.dockerjava.api.command.InspectVolumeResponse;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The node's workspace volumes, named like the workspace's container. Every method is idempotent: a
 * redelivered action finds the work done and changes nothing.
 */
public interface WorkspaceVolumes {

    /** How this node stores new volumes. */
    VolumeMode mode();

    /**
     * Makes sure the Docker volume {@code name} exists and can be mounted now: creates it when missing (sized
     * {@code requestedBytes}, or the node's default when {@code null}), re-attaches its loop device after a reboot.
     * {@code owner} sees an existing volume first and throws to refuse one that belongs to someone else.
     */
    void ensure(String name, Map<String, String> labels, Long requestedBytes, Consumer<InspectVolumeResponse> owner);

    /** Frees what backs the volume (loop device, image file) once its Docker volume is removed. */
    void release(String name);

    /** The volume's disk use; empty when there is no such volume. */
    Optional<WorkspaceDiskUsage> usage(String name);
}
