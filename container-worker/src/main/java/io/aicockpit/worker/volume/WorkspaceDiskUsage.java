package io.aicockpit.worker.volume;

/**
 * Disk use of a workspace's {@code /workspace} volume.
 *
 * @param mode           how the volume is stored ({@code loop-ext4} or {@code plain})
 * @param limitBytes     the quota: the size of the volume's file system; {@code null} for a plain volume
 * @param usedBytes      the quota minus the free space, so it includes ext4's own metadata (journal, inode tables,
 *                       a few percent); {@code null} for a plain volume, which is not measured
 * @param availableBytes what the workspace's user can still write; {@code null} for a plain volume
 * @param mounted        whether a container has the volume mounted (measured live) or not (read from the file
 *                       system's superblock)
 */
public record WorkspaceDiskUsage(String mode, Long limitBytes, Long usedBytes, Long availableBytes, boolean mounted) {}
