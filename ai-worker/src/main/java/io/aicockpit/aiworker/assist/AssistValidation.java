package io.aicockpit.aiworker.assist;

import io.aicockpit.support.problem.ProblemType;

/** The limits every assist request is held to, and the refusals the request records' {@code validated()} use. */
final class AssistValidation {
    /** Code sent with one request (prefix, suffix, snippets, selection), in UTF-8 bytes. */
    static final int MAX_CODE_BYTES = 64 * 1024;
    /** The body also carries JSON escaping and field names around the capped code. */
    static final int MAX_BODY_BYTES = 4 * MAX_CODE_BYTES;

    private AssistValidation() {}

    /** A 400 naming {@code field} unless {@code condition} holds. */
    static void require(boolean condition, String field, String reason) {
        if (!condition) {
            throw AssistProblem.invalid(field, reason);
        }
    }

    /** A 413 when {@code bytes} of code exceed {@link #MAX_CODE_BYTES}. */
    static void capped(long bytes) {
        if (bytes > MAX_CODE_BYTES) {
            throw tooLarge();
        }
    }

    static AssistProblem tooLarge() {
        return new AssistProblem(ProblemType.PAYLOAD_TOO_LARGE,
                "The code sent (prefix, suffix, snippets, selection) exceeds " + MAX_CODE_BYTES + " bytes.");
    }
}
