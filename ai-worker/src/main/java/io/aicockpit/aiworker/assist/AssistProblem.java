package io.aicockpit.aiworker.assist;

/**
 * An assist request that cannot be served, answered as {@code application/problem+json} with type
 * {@code urn:aicockpit:problem:<kind>}. Thrown inside the handler and turned into the response at the edge; carries
 * no stack trace because it is an answer, not a bug.
 */
final class AssistProblem extends RuntimeException {
    final int status;
    final String kind;
    final String field;

    AssistProblem(int status, String kind, String detail) {
        this(status, kind, null, detail);
    }

    AssistProblem(int status, String kind, String field, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.kind = kind;
        this.field = field;
    }

    static AssistProblem invalid(String field, String reason) {
        return new AssistProblem(400, "invalid-request", field, reason);
    }
}
