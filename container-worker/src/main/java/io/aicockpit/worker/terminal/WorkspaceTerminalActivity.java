package io.aicockpit.worker.terminal;

import io.aicockpit.coreapi.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Terminal activity for the node's other features: idle detection must count typing and a build printing output
 * as use of the workspace, and only this package sees that traffic.
 */
@Component
public class WorkspaceTerminalActivity {
    private final TerminalRegistry registry;

    WorkspaceTerminalActivity(TerminalRegistry registry) {
        this.registry = registry;
    }

    /** When a live terminal of the workspace on this node last took input or printed output; empty without any. */
    public Optional<Instant> lastActivity(WorkspaceId workspaceId) {
        return registry.lastActivity(workspaceId);
    }
}
