package io.aicockpit.gateway.tenant;

import io.aicockpit.coreapi.common.TenantId;
import java.util.List;
import java.util.Map;

/**
 * What the gateway knows of a tenant: its OIDC issuer and accepted audiences, how to read roles from its tokens
 * ({@code roleClaim} is a dotted path such as {@code realm_access.roles}; {@code roleMapping} maps IdP role names
 * to platform role names), and its rate limits.
 */
public record TenantSettings(TenantId tenantId, String issuer, List<String> audiences, String roleClaim,
                             Map<String, String> roleMapping, RateLimitSettings rateLimits) {}
