/**
 * The gateway's tamper-evident audit trail: records audited requests after they complete, chains them per tenant by
 * SHA-256 in PostgreSQL (append-only, enforced by triggers), publishes them to the tenant's Kafka audit topic and
 * serves them to org admins and auditors under {@code /api/v1/audit}. Reads the caller from
 * {@link io.aicockpit.gateway.identity.GatewayIdentity}; never authenticates, authorizes routes or rate-limits.
 */
package io.aicockpit.gateway.audit;
