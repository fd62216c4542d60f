package io.aicockpit.query.workspace;

import io.aicockpit.coreapi.workspace.WorkspaceStatus;
import io.aicockpit.query.web.InvalidRequestException;
import io.aicockpit.query.web.TrustedCaller;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Reads workspaces of the caller's tenant, also as a live stream. Deleted workspaces are listed only when asked for
 * by status.
 */
@RestController
@RequestMapping("/api/v1/workspaces")
class WorkspaceQueryController {
    private static final int MAX_LIMIT = 200;

    private final WorkspaceViewReader reader;
    private final WorkspaceStatusStreams streams;

    WorkspaceQueryController(WorkspaceViewReader reader, WorkspaceStatusStreams streams) {
        this.reader = reader;
        this.streams = streams;
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

    /**
     * Server-sent events of the caller-visible workspaces: first each current one (deleted ones left out), then
     * every change, as {@code event: workspace}, {@code id: <cursor>}, {@code data: <the view>}. A client that
     * reconnects with {@code Last-Event-ID} gets every change after that cursor (deleted workspaces included).
     */
    @GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(TrustedCaller caller,
                      @RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventId) {
        long cursor = 0;
        if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                cursor = Long.parseLong(lastEventId.trim());
            } catch (NumberFormatException e) {
                cursor = -1;
            }
            if (cursor < 0) {
                throw new InvalidRequestException("Last-Event-ID", "must be an id this stream sent");
            }
        }
        return streams.open(caller.tenantId(), caller.subject(), caller.ownerFilter(), cursor);
    }

    @GetMapping("/{workspaceId}")
    WorkspaceView get(TrustedCaller caller, @PathVariable UUID workspaceId) {
        return reader.find(caller.tenantId(), caller.ownerFilter(), workspaceId)
                .orElseThrow(() -> new WorkspaceNotFoundException(workspaceId));
    }
}
