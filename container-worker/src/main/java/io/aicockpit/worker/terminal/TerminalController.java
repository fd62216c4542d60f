package io.aicockpit.worker.terminal;

import io.aicockpit.worker.workspace.WorkspaceAccessCheck;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/workspaces/{id}/terminals} (the caller's live terminals there) and
 * {@code DELETE .../terminals/{terminalId}} (kills the shell; an attached socket gets the exit frame). A caller only
 * ever sees and closes their own terminals; anyone else's is 404.
 */
@RestController
class TerminalController {
    private final WorkspaceAccessCheck access;
    private final TerminalRegistry registry;

    TerminalController(WorkspaceAccessCheck access, TerminalRegistry registry) {
        this.access = access;
        this.registry = registry;
    }

    @GetMapping(path = "/api/v1/workspaces/{workspaceId}/terminals", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, List<TerminalSession.View>> list(@PathVariable String workspaceId, HttpServletRequest request,
                                                 HttpServletResponse response) {
        WorkspaceAccessCheck.Granted granted = access.check(request, response, workspaceId);
        return Map.of("items", registry.list(granted.caller().tenantId(), granted.workspaceId(),
                granted.caller().subject()));
    }

    @DeleteMapping("/api/v1/workspaces/{workspaceId}/terminals/{terminalId}")
    ResponseEntity<Void> close(@PathVariable String workspaceId, @PathVariable String terminalId,
                               HttpServletRequest request, HttpServletResponse response) {
        WorkspaceAccessCheck.Granted granted = access.check(request, response, workspaceId);
        TerminalSession session = registry.find(granted.caller().tenantId(), granted.workspaceId(),
                        granted.caller().subject(), terminalId).filter(s -> !s.exited())
                .orElseThrow(TerminalProblems::terminalNotFound);
        registry.close(session, TerminalRegistry.CLOSED);
        return ResponseEntity.noContent().build();
    }
}
