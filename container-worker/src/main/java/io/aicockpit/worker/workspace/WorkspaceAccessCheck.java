package io.aicockpit.worker.workspace;

import io.aicockpit.coreapi.identity.InternalIdentity;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import io.aicockpit.support.problem.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;

/**
 * {@link WorkspaceGate} for the node's other features (the terminal): the same three checks, but refusals come out
 * as a public {@link Refused}, because those features answer them outside this package's MVC advice (for example
 * before a WebSocket upgrade, where no controller advice runs).
 */
@Component
public class WorkspaceAccessCheck {

    /**
     * A workspace container the caller may use.
     *
     * @param caller      the verified gateway identity
     * @param workspaceId the workspace, parsed
     * @param containerId its container on this node
     * @param running     whether that container runs now
     * @param requestId   the request's id, also in the MDC and the response header
     */
    public record Granted(InternalIdentity caller, WorkspaceId workspaceId, String containerId, boolean running,
                          String requestId) {}

    /** A refused call: answer it as problem+json of {@code type} with the message as detail. */
    public static final class Refused extends RuntimeException {
        private final ProblemType type;
        private final Integer retryAfterSeconds;

        public Refused(ProblemType type, String detail, Integer retryAfterSeconds) {
            super(detail, null, false, false);
            this.type = type;
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public ProblemType type() {
            return type;
        }

        public int status() {
            return type.status();
        }

        public String kind() {
            return type.kind();
        }

        /** Seconds for a {@code Retry-After} header, or null. */
        public Integer retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    private final WorkspaceGate gate;

    WorkspaceAccessCheck(WorkspaceGate gate) {
        this.gate = gate;
    }

    /** Checks the caller's token, query-side's visibility answer and the container's labels; see {@link WorkspaceGate}. */
    public Granted check(HttpServletRequest request, HttpServletResponse response, String rawWorkspaceId) {
        try {
            InternalIdentity caller = gate.caller(request, response);
            WorkspaceGate.WorkspaceTarget target = gate.open(request, response, caller, rawWorkspaceId);
            return new Granted(target.caller(), target.workspaceId(), target.containerId(), target.running(),
                    target.requestId());
        } catch (WorkspaceProblem problem) {
            throw new Refused(problem.type, problem.getMessage(), problem.retryAfterSeconds);
        }
    }

    /** The request's id (caller's {@code X-Request-Id}, the token's id, or a new one). */
    public static String requestId(HttpServletRequest request, HttpServletResponse response) {
        return WorkspaceRequestIds.of(request, response);
    }
}
