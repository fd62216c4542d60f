/**
 * The tenants' AI services as ai-worker needs them: a projection of the catalogue events into the {@code aiworker}
 * schema, and a short-lived cache of each tenant's resolved services with their decrypted keys. Reads
 * {@code secrets.secret} but never writes it; never talks to upstreams.
 */
package io.aicockpit.aiworker.catalog;
