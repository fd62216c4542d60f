package io.aicockpit.gateway.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * One audited request. {@code seq}, {@code prevHash} and {@code hash} are zero/null until the writer links the
 * record into its tenant's chain. {@code detail} is what the service that answered added (canonical JSON, see
 * {@link AuditDetail}), or null. {@code time} is kept to the microsecond, the precision PostgreSQL stores, so
 * the hash recomputed from a stored row equals the one computed before the insert.
 */
record AuditRecord(UUID id, String tenantId, long seq, Instant time, String actorSubject, String actorName,
                   String actorType, String clientIp, String userAgent, String action, String resourceType,
                   String resourceId, AuditOutcome outcome, int status, String requestId, String detail,
                   String prevHash, String hash) {

    AuditRecord {
        time = time.truncatedTo(ChronoUnit.MICROS);
    }

    static AuditRecord unchained(UUID id, String tenantId, Instant time, String actorSubject, String actorName,
                                 String actorType, String clientIp, String userAgent, String action,
                                 String resourceType, String resourceId, AuditOutcome outcome, int status,
                                 String requestId, String detail) {
        return new AuditRecord(id, tenantId, 0, time, actorSubject, actorName, actorType, clientIp, userAgent,
                action, resourceType, resourceId, outcome, status, requestId, detail, null, null);
    }

    /** This record as link {@code seq} after {@code prevHash}, with its hash computed. */
    AuditRecord chained(long seq, String prevHash) {
        AuditRecord linked = new AuditRecord(id, tenantId, seq, time, actorSubject, actorName, actorType, clientIp,
                userAgent, action, resourceType, resourceId, outcome, status, requestId, detail, prevHash, null);
        return linked.withHash(AuditCanonicalForm.hash(linked));
    }

    private AuditRecord withHash(String computed) {
        return new AuditRecord(id, tenantId, seq, time, actorSubject, actorName, actorType, clientIp, userAgent,
                action, resourceType, resourceId, outcome, status, requestId, detail, prevHash, computed);
    }
}
