package io.aicockpit.coreapi.tenant;

import io.aicockpit.coreapi.common.ResourceLimits;
import java.util.Objects;

/**
 * What a tenant may use: how many workspaces may run at once, the limits a workspace gets when it asks for
 * none, and the most any one workspace may ask for.
 */
public record TenantQuotas(int maxRunningWorkspaces, ResourceLimits defaultLimits, ResourceLimits maxLimits) {
    public TenantQuotas {
        if (maxRunningWorkspaces < 0) throw new IllegalArgumentException("maxRunningWorkspaces must not be negative");
        Objects.requireNonNull(defaultLimits, "defaultLimits");
        Objects.requireNonNull(maxLimits, "maxLimits");
        if (!defaultLimits.fitsWithin(maxLimits)) {
            throw new IllegalArgumentException("defaultLimits must not exceed maxLimits");
        }
    }
}
