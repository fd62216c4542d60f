package io.aicockpit.gateway.ratelimit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rate-limit settings of the gateway. Tenants' own limits come from the tenant registry; {@code platform} applies to
 * platform operators, who belong to no tenant. {@code redisTimeout} bounds how long a request may wait on Redis
 * before the gateway gives up and lets it through (fail open). A healthy Redis answers in well under a
 * millisecond; the default leaves room for a busy gateway host so that only a Redis in trouble opens the gate.
 * {@code aiMaxInFlight} bounds the AI requests one gateway serves at once; beyond it they are shed with 503 at once
 * (see {@link AiAdmissionWebFilter}).
 */
@ConfigurationProperties("aicockpit.gateway.rate-limit")
record RateLimitProperties(@DefaultValue("true") boolean enabled,
                           @DefaultValue("redis://127.0.0.1:6379") String redisUri,
                           @DefaultValue("aicockpit:rl:") String keyPrefix,
                           @DefaultValue("1s") Duration redisTimeout,
                           @DefaultValue("5s") Duration reconnectInterval,
                           @DefaultValue Platform platform,
                           @DefaultValue("400") int aiMaxInFlight) {

    /** Limits per minute for callers without a tenant (platform operators). */
    record Platform(@DefaultValue("6000") long requestsPerMinute,
                    @DefaultValue("600") long userRequestsPerMinute,
                    @DefaultValue("200000") long aiTokensPerMinute,
                    @DefaultValue("50000") long userAiTokensPerMinute) {}
}
