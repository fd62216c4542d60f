package io.aicockpit.query.tenant;

/**
 * A tenant's quotas and what its workspaces use of them now. {@code idleTimeoutSeconds} is null when idle
 * auto-stop is disabled; {@code version} is the sequence of the last tenant event applied.
 */
public record TenantView(String tenantId, String name, Quotas quotas, Long idleTimeoutSeconds, Usage usage,
        long version) {

    /** Mirrors {@link io.aicockpit.coreapi.tenant.TenantQuotas}. */
    public record Quotas(int maxRunningWorkspaces, Limits defaultLimits, Limits maxLimits) {}

    /** Mirrors {@link io.aicockpit.coreapi.common.ResourceLimits}. */
    public record Limits(long memoryBytes, long swapBytes, long nanoCpus, long pids) {}

    /** Workspaces that are PROVISIONING or RUNNING, and the CPU and memory limits they hold together. */
    public record Usage(long runningWorkspaces, long nanoCpus, long memoryBytes) {}
}
