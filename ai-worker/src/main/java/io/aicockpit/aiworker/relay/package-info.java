/**
 * The OpenAI-compatible endpoints and the relay to the tenant's AI service: identity, request limits, upstream URLs
 * and auth per service kind, streaming pass-through, resilience (timeouts, retry before the first byte, circuit
 * breaker per service, bulkhead per tenant, fallback) and OpenAI error objects. Gets services from the catalogue and
 * reports costs to the meter; never stores anything.
 */
package io.aicockpit.aiworker.relay;
