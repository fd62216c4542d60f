package io.aicockpit.gateway.audit;

/**
 * How an audited request ended: ALLOWED (2xx/3xx), DENIED (refused for who the caller is or how often they call:
 * 401, 403, 429) or FAILED (any other error, and requests the client abandoned).
 */
enum AuditOutcome {
    ALLOWED, DENIED, FAILED;

    static AuditOutcome of(int status, boolean completedNormally) {
        if (status == 401 || status == 403 || status == 429) {
            return DENIED;
        }
        return completedNormally && status < 400 ? ALLOWED : FAILED;
    }
}
