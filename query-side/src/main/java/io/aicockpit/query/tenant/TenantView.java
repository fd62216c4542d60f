package io.aicockpit.query.tenant;

/**
 * A tenant's quotas and what its workspaces use of them now. {@code idleTimeoutSeconds} is null when idle
 * auto-stop is disabled; {@code version} is the sequence of the last tenant event applied.
 */
public record TenantView(String tenantId, String name, Quotas quotas, Long idleTimeoutSeconds, Usage usage,
        long version, Placement placement) {

    /**
     * Where the tenant's workspaces may run ({@code nodeSelector}: labels a node must carry, empty for any) and the
     * size of each new workspace volume ({@code diskBytesPerWorkspace}, default 10 GiB).
     */
    public record Placement(java.util.Map<String, String> nodeSelector, long diskBytesPerWorkspace) {}

    /** Mirrors {@link io.aicockpit.coreapi.tenant.TenantQuotas}. */
    public record Quotas(int maxRunningWorkspaces, Limits defaultLimits, Limits maxLimits) {}

    /** Mirrors {@link io.aicockpit.coreapi.common.ResourceLimits}. */
    public record Limits(long memoryBytes, long swapBytes, long nanoCpus, long pids) {}

    /** Workspaces that are PROVISIONING or RUNNING, and the CPU and memory limits they hold together. */
    public record Usage(long runningWorkspaces, long nanoCpus, long memoryBytes) {}
}
