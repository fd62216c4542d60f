/**
 * Request and AI-token rate limits per tenant and per user, kept in Redis through bucket4j so that every gateway
 * replica draws from the same buckets. Owns the {@code aicockpit:rl:} key space and the 429 answers; reads the
 * caller from {@link io.aicockpit.gateway.identity.GatewayIdentity} and the limits from
 * {@link io.aicockpit.gateway.tenant.TenantDirectory}, and never authenticates or routes anything itself.
 */
package io.aicockpit.gateway.ratelimit;
