package io.aicockpit.worker.volume;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Workspace volumes ({@code aicockpit.container-worker.volumes.*}, see docs/workspaces.md "Disk quotas").
 *
 * @param mode           {@code loop-ext4} or {@code plain}; unset means {@code loop-ext4} when the worker runs as
 *                       root with {@code losetup} and {@code mkfs.ext4} at hand, else {@code plain} with a warning
 * @param directory      where the image files (and the links naming their loop devices) live
 * @param defaultSize    size of a new workspace's volume when its spec names none
 * @param maxSize        largest size a spec may ask for; larger ones are refused
 * @param owner          {@code uid:gid} owning the new file system's root, the workspace's unprivileged user
 * @param commandTimeout a host command ({@code mkfs.ext4}, {@code losetup}) is killed after this long
 */
@Validated
@ConfigurationProperties("aicockpit.container-worker.volumes")
public record WorkspaceVolumeProperties(
        VolumeMode mode,
        @DefaultValue("/var/lib/aicockpit/volumes") @NotNull Path directory,
        @DefaultValue("10GB") @NotNull DataSize defaultSize,
        @DefaultValue("100GB") @NotNull DataSize maxSize,
        @DefaultValue("1000:1000") @NotBlank String owner,
        @DefaultValue("2m") @NotNull Duration commandTimeout) {

    /** ext4 with a journal needs a few MiB of its own; below this mkfs refuses or nothing is left to write. */
    public static final long MIN_SIZE_BYTES = 8L << 20;

    public WorkspaceVolumeProperties {
        if (defaultSize != null && defaultSize.toBytes() < MIN_SIZE_BYTES) {
            throw new IllegalArgumentException("volumes.default-size must be at least 8MB");
        }
        if (defaultSize != null && maxSize != null && maxSize.compareTo(defaultSize) < 0) {
            throw new IllegalArgumentException("volumes.max-size must not be below volumes.default-size");
        }
        if (owner != null && !owner.matches("\\d+:\\d+")) {
            throw new IllegalArgumentException("volumes.owner must be uid:gid, e.g. 1000:1000");
        }
    }
}
