package io.aicockpit.coreapi.tenant;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.TenantId;
import java.time.Duration;
import org.axonframework.serialization.Revision;

/**
 * The tenant's idle timeout changed; {@code idleTimeout} is {@code null} when idle auto-stop is disabled. A tenant
 * that never changed it has {@link TenantIdleTimeout#DEFAULT}.
 */
@Revision("1")
public record TenantIdleTimeoutChanged(TenantId tenantId, Duration idleTimeout, Actor changedBy)
        implements TenantEvent {}
