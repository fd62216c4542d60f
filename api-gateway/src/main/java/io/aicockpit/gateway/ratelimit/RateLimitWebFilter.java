package io.aicockpit.gateway.ratelimit;

import io.aicockpit.gateway.identity.GatewayIdentity;
import io.aicockpit.gateway.tenant.RateLimitSettings;
import io.aicockpit.gateway.web.Problems;
import io.aicockpit.support.problem.ProblemType;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses API and AI requests beyond the caller's per-user or per-tenant request rate with 429. Runs after the
 * security chain so that only authenticated callers, identified by {@link GatewayIdentity}, spend tokens; anonymous
 * requests are the security chain's business. The user's bucket is charged first so that one user flooding is
 * refused there without draining the tenant's bucket for everyone else.
 */
final class RateLimitWebFilter implements WebFilter, Ordered {
    static final int ORDER = -50;
    /** Tells the audit trail that this filter refused the request. */
    static final String RATE_LIMITED_ATTRIBUTE = "io.aicockpit.gateway.rateLimited";

    private final RedisBuckets buckets;
    private final CallerLimits limits;
    private final MeterRegistry meters;

    RateLimitWebFilter(RedisBuckets buckets, CallerLimits limits, MeterRegistry meters) {
        this.buckets = buckets;
        this.limits = limits;
        this.meters = meters;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        GatewayIdentity identity = exchange.getAttribute(GatewayIdentity.ATTRIBUTE);
        if (identity == null || !(path.startsWith("/api/") || path.startsWith("/v1/"))) {
            return chain.filter(exchange);
        }
        return limits.of(identity)
                .flatMap(settings -> check(identity, settings))
                .defaultIfEmpty(RateLimitVerdict.UNCHECKED)
                .flatMap(verdict -> {
                    meters.counter("aicockpit.gateway.ratelimit.decisions", "result",
                            !verdict.checked() ? "unchecked" : verdict.allowed() ? "allowed" : "limited",
                            "scope", verdict.scope()).increment();
                    if (verdict.checked()) {
                        writeHeaders(exchange.getResponse().getHeaders(), verdict);
                    }
                    return verdict.allowed() ? chain.filter(exchange) : refuse(exchange, verdict);
                });
    }

    private Mono<RateLimitVerdict> check(GatewayIdentity identity, RateLimitSettings settings) {
        String tenant = CallerLimits.tenantSegment(identity);
        long userLimit = settings.userRequestsPerMinute();
        long tenantLimit = settings.tenantRequestsPerMinute();
        return buckets.tryConsume(buckets.key("req", "user", tenant, CallerLimits.userSegment(identity)), userLimit, 1)
                .map(probe -> RateLimitVerdict.of("user", userLimit, probe))
                .defaultIfEmpty(RateLimitVerdict.UNCHECKED)
                .flatMap(user -> !user.allowed() ? Mono.just(user)
                        : buckets.tryConsume(buckets.key("req", "tenant", tenant), tenantLimit, 1)
                                .map(probe -> RateLimitVerdict.of("tenant", tenantLimit, probe))
                                .map(tenantVerdict -> tenantVerdict.allowed() ? user.tighter(tenantVerdict)
                                        : tenantVerdict)
                                .defaultIfEmpty(user));
    }

    private static void writeHeaders(HttpHeaders headers, RateLimitVerdict verdict) {
        headers.set("RateLimit-Limit", Long.toString(verdict.limit()));
        headers.set("RateLimit-Remaining", Long.toString(Math.max(0, verdict.remaining())));
        headers.set("RateLimit-Reset", Long.toString(verdict.resetSeconds()));
    }

    private Mono<Void> refuse(ServerWebExchange exchange, RateLimitVerdict verdict) {
        exchange.getAttributes().put(RATE_LIMITED_ATTRIBUTE, Boolean.TRUE);
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
        response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(verdict.retryAfterSeconds()));
        return Problems.write(exchange, ProblemType.RATE_LIMITED, "The " + verdict.scope()
                + " request rate limit of " + verdict.limit() + " per minute is used up; retry after "
                + verdict.retryAfterSeconds() + " s.");
    }
}
