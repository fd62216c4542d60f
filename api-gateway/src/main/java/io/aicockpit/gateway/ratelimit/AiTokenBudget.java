package io.aicockpit.gateway.ratelimit;

import io.aicockpit.gateway.identity.GatewayIdentity;
import io.aicockpit.gateway.tenant.RateLimitSettings;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * AI tokens per minute for a caller's tenant and for the caller alone, shared by all gateway replicas through
 * Redis. The AI route asks {@link #check} (or reserves with {@link #tryConsume}) before relaying a request, and
 * charges what the upstream reported with {@link #record} once the response is done, which may overdraw the budget:
 * the tokens were spent, so the next requests wait until the debt is refilled.
 *
 * <p>Like request limits, the budget fails open when Redis cannot answer: the decision allows the request and
 * reports the full limit as remaining.
 */
public final class AiTokenBudget {
    private final RedisBuckets buckets;
    private final CallerLimits limits;

    AiTokenBudget(RedisBuckets buckets, CallerLimits limits) {
        this.buckets = buckets;
        this.limits = limits;
    }

    /**
     * Whether both budgets could pay for {@code tokens} right now. {@code limit} and {@code remaining} describe the
     * budget that binds; {@code retryAfter} is how long to wait for enough tokens when refused.
     */
    public record Decision(boolean allowed, long limit, long remaining, Duration retryAfter) {}

    /** Tells whether {@code tokens} would be granted now, without spending anything. */
    public Mono<Decision> check(GatewayIdentity identity, long tokens) {
        return limits.of(identity).flatMap(settings -> Mono.zip(
                buckets.estimate(userKey(identity), settings.userAiTokensPerMinute(), tokens)
                        .map(probe -> decision(settings.userAiTokensPerMinute(), probe))
                        .defaultIfEmpty(open(settings.userAiTokensPerMinute())),
                buckets.estimate(tenantKey(identity), settings.tenantAiTokensPerMinute(), tokens)
                        .map(probe -> decision(settings.tenantAiTokensPerMinute(), probe))
                        .defaultIfEmpty(open(settings.tenantAiTokensPerMinute())))
                .map(both -> bind(both.getT1(), both.getT2())));
    }

    /** Spends {@code tokens} from both budgets only if both hold them; nothing is spent when refused. */
    public Mono<Decision> tryConsume(GatewayIdentity identity, long tokens) {
        return limits.of(identity).flatMap(settings -> {
            String userKey = userKey(identity);
            long userLimit = settings.userAiTokensPerMinute();
            long tenantLimit = settings.tenantAiTokensPerMinute();
            return buckets.tryConsume(userKey, userLimit, tokens)
                    .map(probe -> decision(userLimit, probe))
                    .defaultIfEmpty(open(userLimit))
                    .flatMap(user -> !user.allowed() ? Mono.just(user)
                            : buckets.tryConsume(tenantKey(identity), tenantLimit, tokens)
                                    .map(probe -> decision(tenantLimit, probe))
                                    .defaultIfEmpty(open(tenantLimit))
                                    .flatMap(tenant -> tenant.allowed() ? Mono.just(bind(user, tenant))
                                            : buckets.refund(userKey, userLimit, tokens).thenReturn(tenant)));
        });
    }

    /** Charges tokens already used (prompt plus completion) to both budgets, even beyond their limits. */
    public Mono<Void> record(GatewayIdentity identity, long tokens) {
        if (tokens <= 0) {
            return Mono.empty();
        }
        return limits.of(identity).flatMap(settings -> Mono.when(
                buckets.consumeIgnoringLimit(userKey(identity), settings.userAiTokensPerMinute(), tokens),
                buckets.consumeIgnoringLimit(tenantKey(identity), settings.tenantAiTokensPerMinute(),
                        tokens)));
    }

    private String userKey(GatewayIdentity identity) {
        return buckets.key("ai", "user", CallerLimits.tenantSegment(identity), CallerLimits.userSegment(identity));
    }

    private String tenantKey(GatewayIdentity identity) {
        return buckets.key("ai", "tenant", CallerLimits.tenantSegment(identity));
    }

    private static Decision decision(long limit, EstimationProbe probe) {
        return new Decision(probe.canBeConsumed(), limit, Math.max(0, probe.getRemainingTokens()),
                probe.canBeConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    private static Decision decision(long limit, ConsumptionProbe probe) {
        return new Decision(probe.isConsumed(), limit, Math.max(0, probe.getRemainingTokens()),
                probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    private static Decision open(long limit) {
        return new Decision(true, limit, limit, Duration.ZERO);
    }

    private static Decision bind(Decision user, Decision tenant) {
        if (!user.allowed()) {
            return user;
        }
        if (!tenant.allowed()) {
            return tenant;
        }
        return tenant.remaining() < user.remaining() ? tenant : user;
    }
}
