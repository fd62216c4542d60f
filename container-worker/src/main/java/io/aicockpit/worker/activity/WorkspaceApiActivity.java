package io.aicockpit.worker.activity;

import io.aicockpit.coreapi.workspace.WorkspaceActivityKind;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Notes successful workspace API requests that are use of the workspace: file writes, moves, deletes, uploads and
 * content reads (the IDE opening a file, an AI request reading an {@code @mention}), and exec (a confirmed AI
 * command). Listings, downloads and the change stream do not count: an open but unattended IDE keeps them going.
 */
class WorkspaceApiActivity implements HandlerInterceptor {
    private static final Pattern PATH =
            Pattern.compile("^/api/v1/workspaces/([0-9a-fA-F-]{36})/(files(?:/[a-z]+)?|exec)$");

    private final Clock clock;
    private final Map<WorkspaceId, Seen> seen = new ConcurrentHashMap<>();

    WorkspaceApiActivity(Clock clock) {
        this.clock = clock;
    }

    /** The newest use and its kinds since the last {@link #take}. */
    record Seen(Instant at, Set<WorkspaceActivityKind> kinds) {}

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
                                Exception ex) {
        if (ex != null || response.getStatus() < 200 || response.getStatus() >= 300) {
            return;
        }
        Matcher m = PATH.matcher(request.getRequestURI());
        if (!m.matches()) {
            return;
        }
        WorkspaceActivityKind kind = kindOf(request.getMethod(), m.group(2));
        if (kind == null) {
            return;
        }
        WorkspaceId workspaceId;
        try {
            workspaceId = new WorkspaceId(UUID.fromString(m.group(1)));
        } catch (IllegalArgumentException e) {
            return;
        }
        record(workspaceId, kind);
    }

    static WorkspaceActivityKind kindOf(String method, String resource) {
        if (resource.equals("exec")) {
            return "POST".equals(method) ? WorkspaceActivityKind.EXEC : null;
        }
        return switch (method) {
            case "PUT", "POST", "DELETE" -> WorkspaceActivityKind.FILES;
            case "GET" -> resource.equals("files/content") ? WorkspaceActivityKind.FILES : null;
            default -> null;
        };
    }

    void record(WorkspaceId workspaceId, WorkspaceActivityKind kind) {
        Instant now = clock.instant();
        seen.merge(workspaceId, new Seen(now, EnumSet.of(kind)), (old, added) -> {
            EnumSet<WorkspaceActivityKind> kinds = EnumSet.copyOf(old.kinds());
            kinds.addAll(added.kinds());
            return new Seen(old.at().isAfter(added.at()) ? old.at() : added.at(), kinds);
        });
    }

    /** Hands over what was seen for the workspace and forgets it. */
    Seen take(WorkspaceId workspaceId) {
        return seen.remove(workspaceId);
    }
}
