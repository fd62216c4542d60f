package io.aicockpit.worker.files;

import io.aicockpit.coreapi.identity.InternalIdentity;
import io.aicockpit.worker.ContainerWorkerProperties;
import io.aicockpit.worker.workspace.WorkspaceGate;
import io.aicockpit.worker.workspace.WorkspaceGate.WorkspaceTarget;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/v1/workspaces/{workspaceId}/files/changes}: server-sent events {@code change} with
 * {@code {"type":"created|modified|deleted","path":"..."}} for a running workspace, comment heartbeats while idle.
 * A {@code :ready} comment is sent once the baseline is taken: everything changed after it is reported.
 */
@RestController
class WorkspaceFileChangesController {
    private final WorkspaceGate gate;
    private final WorkspaceFileWatchers watchers;
    private final long maxDurationMillis;

    WorkspaceFileChangesController(WorkspaceGate gate, WorkspaceFileWatchers watchers,
                                   ContainerWorkerProperties props) {
        this.gate = gate;
        this.watchers = watchers;
        this.maxDurationMillis = props.files().changesMaxDuration().toMillis();
    }

    @GetMapping("/api/v1/workspaces/{workspaceId}/files/changes")
    SseEmitter changes(@PathVariable String workspaceId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        InternalIdentity caller = gate.caller(request, response);
        WorkspaceTarget target = gate.open(request, response, caller, workspaceId);
        if (!target.running()) {
            throw WorkspaceFileShell.notRunning();
        }
        SseEmitter emitter = new SseEmitter(maxDurationMillis);
        watchers.subscribe(target.workspaceId(), target.containerId(), emitter);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Accel-Buffering", "no");
        emitter.send(SseEmitter.event().comment("ready"));
        return emitter;
    }
}
