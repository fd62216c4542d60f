package io.aicockpit.worker.workspace;

import java.util.List;

/**
 * A refused workspace API call, answered as {@code application/problem+json} with type
 * {@code urn:aicockpit:problem:<kind>}. The message is the problem's {@code detail} and safe to show the caller.
 */
final class WorkspaceProblem extends RuntimeException {
    /** One invalid field of the request and why. */
    record FieldError(String field, String reason) {}

    final int status;
    final String kind;
    final List<FieldError> errors;
    final Integer retryAfterSeconds;

    WorkspaceProblem(int status, String kind, String detail) {
        this(status, kind, detail, List.of(), null);
    }

    private WorkspaceProblem(int status, String kind, String detail, List<FieldError> errors,
                             Integer retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.kind = kind;
        this.errors = List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static WorkspaceProblem invalid(String kind, String detail, List<FieldError> errors) {
        return new WorkspaceProblem(400, kind, detail, errors, null);
    }

    static WorkspaceProblem invalid(String kind, String field, String reason) {
        return invalid(kind, field + " " + reason, List.of(new FieldError(field, reason)));
    }

    static WorkspaceProblem tooMany(String kind, String detail, int retryAfterSeconds) {
        return new WorkspaceProblem(429, kind, detail, List.of(), retryAfterSeconds);
    }

    static WorkspaceProblem workspaceNotFound(Object workspaceId) {
        return new WorkspaceProblem(404, "workspace-not-found",
                "Workspace " + workspaceId + " does not exist or is not visible to you.");
    }

    static WorkspaceProblem dockerFailed() {
        return new WorkspaceProblem(502, "docker-failed",
                "The node's container engine did not answer as expected; retry shortly.");
    }
}
