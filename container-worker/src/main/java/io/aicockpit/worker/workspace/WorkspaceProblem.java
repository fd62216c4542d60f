package io.aicockpit.worker.workspace;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A refused workspace API call, answered as {@code application/problem+json} with type
 * {@code urn:aicockpit:problem:<kind>}. The message is the problem's {@code detail} and safe to show the caller.
 */
public final class WorkspaceProblem extends RuntimeException {
    /** One invalid field of the request and why. */
    public record FieldError(String field, String reason) {}

    public final int status;
    public final String kind;
    final List<FieldError> errors;
    final Integer retryAfterSeconds;
    /** Response headers the answer carries, e.g. the current {@code ETag} of a 412. */
    final Map<String, String> headers;

    public WorkspaceProblem(int status, String kind, String detail) {
        this(status, kind, detail, List.of(), null);
    }

    private WorkspaceProblem(int status, String kind, String detail, List<FieldError> errors,
                             Integer retryAfterSeconds) {
        this(status, kind, detail, errors, retryAfterSeconds, Map.of());
    }

    private WorkspaceProblem(int status, String kind, String detail, List<FieldError> errors,
                             Integer retryAfterSeconds, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.kind = kind;
        this.errors = List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
        this.headers = Map.copyOf(headers);
    }

    /** The same problem answered with one more response header. */
    public WorkspaceProblem withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new WorkspaceProblem(status, kind, getMessage(), errors, retryAfterSeconds, more);
    }

    public static WorkspaceProblem invalid(String kind, String detail, List<FieldError> errors) {
        return new WorkspaceProblem(400, kind, detail, errors, null);
    }

    public static WorkspaceProblem invalid(String kind, String field, String reason) {
        return invalid(kind, field + " " + reason, List.of(new FieldError(field, reason)));
    }

    public static WorkspaceProblem tooMany(String kind, String detail, int retryAfterSeconds) {
        return new WorkspaceProblem(429, kind, detail, List.of(), retryAfterSeconds);
    }

    public static WorkspaceProblem workspaceNotFound(Object workspaceId) {
        return new WorkspaceProblem(404, "workspace-not-found",
                "Workspace " + workspaceId + " does not exist or is not visible to you.");
    }

    public static WorkspaceProblem dockerFailed() {
        return new WorkspaceProblem(502, "docker-failed",
                "The node's container engine did not answer as expected; retry shortly.");
    }
}
