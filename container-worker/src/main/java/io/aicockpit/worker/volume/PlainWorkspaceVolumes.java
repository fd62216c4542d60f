package io.aicockpit.worker.volume;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Plain Docker named volumes on the node's disk: no quota, nothing to attach or release. */
public final class PlainWorkspaceVolumes implements WorkspaceVolumes {
    private static final Logger log = LoggerFactory.getLogger(PlainWorkspaceVolumes.class);

    private final DockerClient docker;

    public PlainWorkspaceVolumes(DockerClient docker) {
        this.docker = docker;
    }

    @Override
    public VolumeMode mode() {
        return VolumeMode.PLAIN;
    }

    @Override
    public void ensure(String name, Map<String, String> labels, Long requestedBytes,
                       Consumer<InspectVolumeResponse> owner) {
        Optional<InspectVolumeResponse> existing = DockerVolumes.find(docker, name);
        if (existing.isEmpty()) {
            try {
                docker.createVolumeCmd().withName(name).withLabels(labels).exec();
                log.atInfo().addKeyValue("volume", name).log("workspace volume created");
                return;
            } catch (ConflictException createdMeanwhile) {
                existing = DockerVolumes.find(docker, name);
            }
        }
        owner.accept(existing.orElseThrow(() -> new WorkspaceVolumeException(
                "volume " + name + " disappeared while it was being created")));
    }

    @Override
    public void release(String name) {
        // a plain volume is gone with its Docker volume
    }

    @Override
    public Optional<WorkspaceDiskUsage> usage(String name) {
        return DockerVolumes.find(docker, name).map(v -> new WorkspaceDiskUsage(
                VolumeMode.PLAIN.label(), null, null, null, DockerVolumes.isMounted(v)));
    }

    /** Docker's view of volumes, shared by both modes. */
    static final class DockerVolumes {
        private DockerVolumes() {}

        static Optional<InspectVolumeResponse> find(DockerClient docker, String name) {
            try {
                return Optional.of(docker.inspectVolumeCmd(name).exec());
            } catch (NotFoundException e) {
                return Optional.empty();
            }
        }

        /** Whether the engine has the volume mounted (in this mount namespace, the host's). */
        static boolean isMounted(InspectVolumeResponse volume) {
            return volume.getMountpoint() != null && MountTable.isMountPoint(volume.getMountpoint());
        }
    }
}
