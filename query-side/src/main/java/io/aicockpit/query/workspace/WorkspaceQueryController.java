package io.aicockpit.query.workspace;

import io.aicockpit.coreapi.workspace.WorkspaceStatus;
import io.aicockpit.query.web.InvalidRequestException;
import io.aicockpit.query.web.TrustedCaller;
import java.util.UUID;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reads workspaces of the caller's tenant. Deleted workspaces are listed only when asked for by status. */
@RestController
@RequestMapping("/api/v1/workspaces")
class WorkspaceQueryController {
    private static final int MAX_LIMIT = 200;

    private final WorkspaceViewReader reader;

    WorkspaceQueryController(WorkspaceViewReader reader) {
        this.reader = reader;
    }

    @GetMapping
    WorkspacePage list(TrustedCaller caller,
                       @RequestParam(defaultValue = "50") int limit,
                       @RequestParam(required = false) @Nullable String cursor,
                       @RequestParam(required = false) @Nullable WorkspaceStatus status) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidRequestException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        WorkspaceCursor after = cursor == null ? null : WorkspaceCursor.decode(cursor);
        return reader.list(caller.tenantId(), caller.ownerFilter(), status, after, limit);
    }

    @GetMapping("/{workspaceId}")
    WorkspaceView get(TrustedCaller caller, @PathVariable UUID workspaceId) {
        return reader.find(caller.tenantId(), caller.ownerFilter(), workspaceId)
                .orElseThrow(() -> new WorkspaceNotFoundException(workspaceId));
    }
}
