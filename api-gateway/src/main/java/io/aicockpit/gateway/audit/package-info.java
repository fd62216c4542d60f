/**
 * The gateway's tamper-evident audit trail: records audited requests after they complete, chains them per tenant by
 * SHA-256 in PostgreSQL (append-only, enforced by triggers), publishes them to the tenant's Kafka audit topic and
 * serves them to org admins and auditors under {@code /api/v1/audit}. Reads the caller from
 * {@link io.aicockpit.gateway.identity.GatewayIdentity}; never authenticates, authorizes routes or rate-limits.
 * Services behind the gateway add a detail to a request's record with the {@code X-AiCockpit-Audit-Detail}
 * response header, which this package takes off the response before the client sees it.
 */
package io.aicockpit.gateway.audit;
