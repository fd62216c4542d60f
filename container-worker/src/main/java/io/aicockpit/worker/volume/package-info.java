/**
 * Workspace volumes and their disk quota: the {@code /workspace} volume of each workspace, either a loop-backed
 * ext4 file system of a fixed size (mode {@code loop-ext4}: an image file, a loop device, a Docker {@code local}
 * volume mounting it) or a plain Docker named volume (mode {@code plain}, no quota). Creates, re-attaches after a
 * reboot and releases them, and reports a volume's disk use ({@code GET /api/v1/workspaces/{id}/disk}). Runs host
 * commands ({@code losetup}, {@code mkfs.ext4}, {@code debugfs}, {@code dumpe2fs}) as argv, never through a shell.
 * Does not create, start or remove containers (that is {@code action}).
 */
package io.aicockpit.worker.volume;
