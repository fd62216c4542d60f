package io.aicockpit.worker.volume;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Picks how this node stores workspace volumes. Unset mode: loop-backed ext4 when the worker can make loop devices
 * (root, {@code losetup}, {@code mkfs.ext4}, {@code /dev/loop-control}), else plain volumes with a warning, so a
 * laptop without loop devices still runs workspaces. {@code loop-ext4} asked for explicitly on a node that cannot do
 * it stops the start-up instead of silently giving up the quota.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WorkspaceVolumeProperties.class)
class WorkspaceVolumeConfiguration {
    private static final Logger log = LoggerFactory.getLogger(WorkspaceVolumeConfiguration.class);

    @Bean
    WorkspaceVolumes workspaceVolumes(DockerClient docker, WorkspaceVolumeProperties props) {
        List<String> missing = missingForLoopVolumes();
        VolumeMode mode = props.mode();
        if (mode == null) {
            mode = missing.isEmpty() ? VolumeMode.LOOP_EXT4 : VolumeMode.PLAIN;
            if (!missing.isEmpty()) {
                log.atWarn().addKeyValue("missing", String.join(", ", missing))
                        .log("workspace volumes are plain Docker volumes without a disk quota");
            }
        } else if (mode == VolumeMode.LOOP_EXT4 && !missing.isEmpty()) {
            throw new IllegalStateException("aicockpit.container-worker.volumes.mode=loop-ext4 needs "
                    + String.join(", ", missing) + "; set mode plain to run without disk quotas");
        }
        log.atInfo().addKeyValue("mode", mode.label()).addKeyValue("directory", props.directory())
                .addKeyValue("defaultSize", props.defaultSize()).log("workspace volumes");
        if (mode == VolumeMode.PLAIN) {
            return new PlainWorkspaceVolumes(docker);
        }
        LoopExt4WorkspaceVolumes volumes = new LoopExt4WorkspaceVolumes(docker, props);
        // before the listeners start: after a reboot, no device link may still name another image's loop device
        volumes.reattachAll();
        return volumes;
    }

    /** What this node lacks to make loop-backed volumes; empty when it has everything. */
    static List<String> missingForLoopVolumes() {
        List<String> missing = new ArrayList<>();
        if (!runsAsRoot()) {
            missing.add("root");
        }
        for (String tool : List.of("losetup", "mkfs.ext4", "dumpe2fs")) {
            if (HostCommands.find(tool).isEmpty()) {
                missing.add(tool);
            }
        }
        if (!Files.exists(Path.of("/dev/loop-control"))) {
            missing.add("/dev/loop-control");
        }
        return missing;
    }

    private static boolean runsAsRoot() {
        try {
            // /proc/self belongs to the process's effective user
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }
}
