package io.aicockpit.gateway.ratelimit;

import io.github.bucket4j.ConsumptionProbe;
import java.util.concurrent.TimeUnit;

/**
 * The outcome of one request's rate-limit check, carrying what the {@code RateLimit-*} headers report: the limit
 * of the bucket that binds, the tokens left in it and the seconds until it is full again. {@code checked} is false
 * when Redis could not answer and the request was let through unchecked.
 */
record RateLimitVerdict(boolean allowed, boolean checked, String scope, long limit, long remaining,
                        long resetSeconds, long retryAfterSeconds) {
    static final RateLimitVerdict UNCHECKED = new RateLimitVerdict(true, false, "none", 0, 0, 0, 0);

    static RateLimitVerdict of(String scope, long limit, ConsumptionProbe probe) {
        return new RateLimitVerdict(probe.isConsumed(), true, scope, limit, probe.getRemainingTokens(),
                seconds(probe.getNanosToWaitForReset()),
                probe.isConsumed() ? 0 : Math.max(1, seconds(probe.getNanosToWaitForRefill())));
    }

    /** Of two passed checks, the one closer to refusing is what the client should see. */
    RateLimitVerdict tighter(RateLimitVerdict other) {
        if (!checked) {
            return other;
        }
        if (!other.checked) {
            return this;
        }
        return other.remaining < remaining ? other : this;
    }

    static long seconds(long nanos) {
        return (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
    }
}
