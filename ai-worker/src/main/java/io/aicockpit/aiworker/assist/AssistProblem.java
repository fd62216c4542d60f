package io.aicockpit.aiworker.assist;

import io.aicockpit.support.problem.ProblemType;

/**
 * An assist request that cannot be served, answered as {@code application/problem+json} with a catalogue type
 * ({@link ProblemType}). Thrown inside the handler and turned into the response at the edge; carries no stack trace
 * because it is an answer, not a bug.
 */
final class AssistProblem extends RuntimeException {
    final ProblemType type;
    final int status;
    final String field;

    AssistProblem(ProblemType type, String detail) {
        this(type, null, detail);
    }

    AssistProblem(ProblemType type, String field, String detail) {
        super(detail, null, false, false);
        this.type = type;
        this.status = type.status();
        this.field = field;
    }

    static AssistProblem invalid(String field, String reason) {
        return new AssistProblem(ProblemType.INVALID_REQUEST, field, reason);
    }
}
