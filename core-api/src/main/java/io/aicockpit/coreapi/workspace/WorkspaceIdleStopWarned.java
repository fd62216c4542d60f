package io.aicockpit.coreapi.workspace;

import io.aicockpit.coreapi.common.TenantId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * Nobody has used the running workspace since {@code idleSince}; unless someone does, it is stopped at
 * {@code stopAt}. Shown on the status stream so the user can keep it (any terminal, file or CPU activity does).
 */
@Revision("1")
public record WorkspaceIdleStopWarned(WorkspaceId workspaceId, TenantId tenantId, Instant idleSince, Instant stopAt)
        implements WorkspaceEvent {}
