package io.aicockpit.worker.volume;

/** How a workspace's {@code /workspace} is stored on this node. */
public enum VolumeMode {
    /** A fixed-size ext4 file system in a sparse image file on a loop device: writes past it fail with ENOSPC. */
    LOOP_EXT4("loop-ext4"),
    /** A plain Docker named volume on the node's disk, without a quota. */
    PLAIN("plain");

    private final String label;

    VolumeMode(String label) {
        this.label = label;
    }

    /** The name used in properties and API answers. */
    public String label() {
        return label;
    }
}
