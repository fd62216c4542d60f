package io.aicockpit.worker.workspace;

import io.aicockpit.coreapi.identity.InternalIdentity;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import io.aicockpit.support.problem.ProblemType;
import io.aicockpit.worker.ContainerWorkerProperties;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Whether the caller may see a workspace, decided by query-side (which owns workspaces and who may see them) from
 * the caller's own identity token, exactly as ai-worker asks it. A yes is remembered for a few seconds per token and
 * workspace, so a burst of reads costs one question; a no is never remembered.
 */
@Component
class WorkspaceVisibility {
    private static final Logger log = LoggerFactory.getLogger(WorkspaceVisibility.class);
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final Duration REMEMBER = Duration.ofSeconds(5);
    private static final int MAX_REMEMBERED = 10_000;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final ConcurrentHashMap<String, Long> visibleUntil = new ConcurrentHashMap<>();
    private final URI querySide;
    private final Clock clock;

    WorkspaceVisibility(ContainerWorkerProperties props, Clock clock) {
        this.querySide = props.querySideUri();
        this.clock = clock;
    }

    /** Returns when query-side shows the workspace to the caller; otherwise 404 (not visible) or 502 (no answer). */
    void requireVisible(WorkspaceId workspaceId, String identityToken, String requestId) {
        String key = identityToken + "|" + workspaceId;
        Long until = visibleUntil.get(key);
        long now = clock.millis();
        if (until != null && now < until) {
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(querySide.resolve("/api/v1/workspaces/" + workspaceId))
                .timeout(TIMEOUT)
                .header(InternalIdentity.HEADER, identityToken)
                .header(WorkspaceRequestIds.HEADER, requestId)
                .header("Accept", "application/json")
                .GET().build();
        int status;
        try {
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw unavailable(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        }
        if (status >= 200 && status < 300) {
            if (visibleUntil.size() >= MAX_REMEMBERED) {
                visibleUntil.clear();
            }
            visibleUntil.put(key, now + REMEMBER.toMillis());
            return;
        }
        if (status == 404 || status == 403) {
            throw WorkspaceProblem.workspaceNotFound(workspaceId);
        }
        throw unavailable("query-side answered " + status);
    }

    private static WorkspaceProblem unavailable(String reason) {
        log.atWarn().addKeyValue("reason", reason).log("could not ask query-side about a workspace");
        return new WorkspaceProblem(ProblemType.WORKSPACE_CHECK_FAILED,
                "Could not check access to the workspace; retry shortly.");
    }
}
