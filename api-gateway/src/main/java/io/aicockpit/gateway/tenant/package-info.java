/**
 * The tenant identity-provider registry: which OIDC issuer, audiences and role mapping belong to a tenant, and
 * its rate limits. Owns table {@code gateway.tenant_idp}, the operator API that edits it and the cached
 * {@link io.aicockpit.gateway.tenant.TenantDirectory} every request reads. Does not verify tokens (security).
 */
package io.aicockpit.gateway.tenant;
