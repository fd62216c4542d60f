package io.aicockpit.coreapi.common;

/**
 * What one workspace container may use. {@code swapBytes} is swap on top of memory (Docker's MemorySwap is
 * memory + swap); {@code nanoCpus} is CPUs × 10^9; {@code pids} caps processes and threads.
 */
public record ResourceLimits(long memoryBytes, long swapBytes, long nanoCpus, long pids) {
    public static final long MIB = 1024L * 1024L;

    public ResourceLimits {
        if (memoryBytes < 6 * MIB) throw new IllegalArgumentException("memory must be at least 6 MiB");
        if (swapBytes < 0) throw new IllegalArgumentException("swap must not be negative");
        if (nanoCpus < 10_000_000L) throw new IllegalArgumentException("cpus must be at least 0.01");
        if (pids < 1) throw new IllegalArgumentException("pids must be at least 1");
    }

    /** Docker's MemorySwap: memory plus swap. Equal to memory when no swap is allowed. */
    public long memorySwapBytes() {
        return memoryBytes + swapBytes;
    }

    /** True when no dimension of this exceeds the same dimension of {@code max}. */
    public boolean fitsWithin(ResourceLimits max) {
        return memoryBytes <= max.memoryBytes && swapBytes <= max.swapBytes
                && nanoCpus <= max.nanoCpus && pids <= max.pids;
    }
}
