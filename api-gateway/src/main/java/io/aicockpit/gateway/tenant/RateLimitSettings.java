package io.aicockpit.gateway.tenant;

/**
 * A tenant's rate limits, per minute: API requests for the whole tenant and per user, and AI tokens for the whole
 * tenant and per user.
 */
public record RateLimitSettings(long tenantRequestsPerMinute, long userRequestsPerMinute,
                                long tenantAiTokensPerMinute, long userAiTokensPerMinute) {
    public static final RateLimitSettings DEFAULTS = new RateLimitSettings(6000, 600, 200_000, 50_000);
}
