package io.aicockpit.aiworker.assist;

import static io.aicockpit.aiworker.assist.AssistValidation.require;

import io.aicockpit.support.problem.ProblemType;

/** The user's confirmation of a suggested command; {@code confirm} must be {@code true}. */
record RunRequest(Boolean confirm, Integer timeoutSeconds) {
    static final int DEFAULT_TIMEOUT_SECONDS = 60;
    static final int MAX_TIMEOUT_SECONDS = 300;

    RunRequest {
        timeoutSeconds = timeoutSeconds == null ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds;
    }

    /** This confirmation when the user gave it; else the 400 naming what is wrong. */
    RunRequest validated() {
        if (!Boolean.TRUE.equals(confirm)) {
            throw new AssistProblem(ProblemType.CONFIRMATION_REQUIRED, "confirm",
                    "Running a command needs \"confirm\": true, sent after the user saw the command.");
        }
        require(timeoutSeconds >= 1 && timeoutSeconds <= MAX_TIMEOUT_SECONDS, "timeoutSeconds",
                "'timeoutSeconds' must be between 1 and " + MAX_TIMEOUT_SECONDS + ".");
        return this;
    }
}
