package io.aicockpit.aiworker.assist;

/** The user's confirmation of a suggested command; {@code confirm} must be {@code true}. */
record RunRequest(Boolean confirm, Integer timeoutSeconds) {
    static final int DEFAULT_TIMEOUT_SECONDS = 60;
    static final int MAX_TIMEOUT_SECONDS = 300;

    RunRequest {
        timeoutSeconds = timeoutSeconds == null ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds;
    }
}
