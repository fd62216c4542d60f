package io.aicockpit.coreapi.workspace;

import io.aicockpit.coreapi.common.TenantId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The workspace was used after an idle warning ({@code activityAt}); the announced stop will not happen. */
@Revision("1")
public record WorkspaceIdleStopCancelled(WorkspaceId workspaceId, TenantId tenantId, Instant activityAt)
        implements WorkspaceEvent {}
