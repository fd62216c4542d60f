package io.aicockpit.coreapi.tenant;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.TenantId;
import java.util.Map;
import org.axonframework.serialization.Revision;

/**
 * The tenant's node selector or disk quota per workspace changed. A tenant that never changed them has no selector
 * (any node) and {@link TenantPlacement#DEFAULT_DISK_BYTES}.
 */
@Revision("1")
public record TenantPlacementChanged(TenantId tenantId, Map<String, String> nodeSelector, long diskBytesPerWorkspace,
                                     Actor changedBy) implements TenantEvent {
    public TenantPlacementChanged {
        nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
    }
}
