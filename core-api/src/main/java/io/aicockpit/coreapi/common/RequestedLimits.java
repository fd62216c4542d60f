package io.aicockpit.coreapi.common;

/**
 * Limits a workspace asks for when it is created; a null dimension means "the tenant's default". The tenant
 * turns this into {@link ResourceLimits}.
 */
public record RequestedLimits(Long memoryBytes, Long swapBytes, Long nanoCpus, Long pids) {
    public static final RequestedLimits DEFAULTS = new RequestedLimits(null, null, null, null);
}
