package io.aicockpit.gateway.tenant;

import java.util.List;
import java.util.Map;

/**
 * Body of {@code PUT /api/v1/tenants/{tenantId}/identity-provider}. Read with unknown fields refused, so a
 * caller cannot smuggle {@code tenantId} or anything else in. Missing {@code roleClaim} means {@code roles};
 * missing rate limits (or single values) fall back to the platform defaults.
 */
record IdentityProviderRegistration(String issuer, List<String> audiences, String roleClaim,
                                    Map<String, String> roleMapping, Limits rateLimits) {

    /** Per-minute limits; any left out takes the platform default. */
    record Limits(Long tenantRequestsPerMinute, Long userRequestsPerMinute, Long tenantAiTokensPerMinute,
                  Long userAiTokensPerMinute) {}
}
