package io.aicockpit.worker.workspace;

import io.aicockpit.support.problem.ProblemType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A refused workspace API call, answered as {@code application/problem+json} with a type of the platform's
 * catalogue ({@link ProblemType}). The message is the problem's {@code detail} and safe to show the caller.
 */
public final class WorkspaceProblem extends RuntimeException {
    /** One invalid field of the request and why. */
    public record FieldError(String field, String reason) {}

    public final ProblemType type;
    final List<FieldError> errors;
    final Integer retryAfterSeconds;
    /** Response headers the answer carries, e.g. the current {@code ETag} of a 412. */
    final Map<String, String> headers;

    public WorkspaceProblem(ProblemType type, String detail) {
        this(type, detail, List.of(), null);
    }

    private WorkspaceProblem(ProblemType type, String detail, List<FieldError> errors,
                             Integer retryAfterSeconds) {
        this(type, detail, errors, retryAfterSeconds, Map.of());
    }

    private WorkspaceProblem(ProblemType type, String detail, List<FieldError> errors,
                             Integer retryAfterSeconds, Map<String, String> headers) {
        super(detail, null, false, false);
        this.type = type;
        this.errors = List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
        this.headers = Map.copyOf(headers);
    }

    /** The same problem answered with one more response header. */
    public WorkspaceProblem withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new WorkspaceProblem(type, getMessage(), errors, retryAfterSeconds, more);
    }

    /** A 400 of {@code type} (a kind of invalid input) naming the fields at fault. */
    public static WorkspaceProblem invalid(ProblemType type, String detail, List<FieldError> errors) {
        return new WorkspaceProblem(type, detail, errors, null);
    }

    public static WorkspaceProblem invalid(ProblemType type, String field, String reason) {
        return invalid(type, field + " " + reason, List.of(new FieldError(field, reason)));
    }

    /** A 429 of {@code type} with the seconds to wait before trying again. */
    public static WorkspaceProblem tooMany(ProblemType type, String detail, int retryAfterSeconds) {
        return new WorkspaceProblem(type, detail, List.of(), retryAfterSeconds);
    }

    public static WorkspaceProblem workspaceNotFound(Object workspaceId) {
        return new WorkspaceProblem(ProblemType.WORKSPACE_NOT_FOUND,
                "Workspace " + workspaceId + " does not exist or is not visible to you.");
    }

    public static WorkspaceProblem dockerFailed() {
        return new WorkspaceProblem(ProblemType.DOCKER_FAILED,
                "The node's container engine did not answer as expected; retry shortly.");
    }
}
