package io.aicockpit.gateway.audit;

import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * An audit record as the API and the Kafka topic show it. The hashes are included so that an external system can
 * re-verify the chain from its own copy. {@code detail} is the JSON object a service added (null without one),
 * written in the canonical form the hash covers.
 */
record AuditView(String id, String tenantId, long seq, String time, Actor actor, String clientIp,
                 String userAgent, String action, String resourceType, String resourceId, String outcome,
                 int status, String requestId, @JsonRawValue String detail, String prevHash, String hash) {

    /** Who made the request: the token's subject and name and the kind of caller; ANONYMOUS without a token. */
    record Actor(String subject, String name, String type) {}

    static AuditView of(AuditRecord r) {
        return new AuditView(r.id().toString(), r.tenantId(), r.seq(), r.time().toString(),
                new Actor(r.actorSubject(), r.actorName(), r.actorType()), r.clientIp(), r.userAgent(), r.action(),
                r.resourceType(), r.resourceId(), r.outcome().name(), r.status(), r.requestId(), r.detail(),
                r.prevHash(), r.hash());
    }
}
