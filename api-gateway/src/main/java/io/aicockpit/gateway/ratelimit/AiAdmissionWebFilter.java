package io.aicockpit.gateway.ratelimit;

import io.aicockpit.gateway.web.Problems;
import io.aicockpit.support.problem.ProblemType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Sheds AI requests ({@code /v1/}) beyond what this gateway has in flight at once, before any costly work (token
 * verification, Redis, routing): an overloaded gateway otherwise lets requests queue until they time out, and spends
 * its CPU on requests it will fail anyway. A shed request answers 503 with {@code Retry-After: 1} at once. It runs
 * inside the audit filter, so it is audited like every AI request. The bound is per gateway instance; tenants' fair
 * shares are the rate limits' and ai-worker's per-tenant bulkhead's business.
 */
final class AiAdmissionWebFilter implements WebFilter, Ordered {
    /** Inside the audit filter (-150), before the security chain (-100). */
    static final int ORDER = -140;

    private final int maxInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter shed;

    AiAdmissionWebFilter(int maxInFlight, MeterRegistry meters) {
        this.maxInFlight = maxInFlight;
        this.shed = Counter.builder("aicockpit.gateway.ai.shed")
                .description("AI requests refused because the gateway had too many in flight").register(meters);
        meters.gauge("aicockpit.gateway.ai.in.flight", inFlight);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.startsWith("/v1/")) {
            return chain.filter(exchange);
        }
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            shed.increment();
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
            return Problems.write(exchange, ProblemType.SERVICE_UNAVAILABLE,
                    "The AI gateway is at capacity; retry in a second.");
        }
        return chain.filter(exchange).doFinally(signal -> inFlight.decrementAndGet());
    }

    int inFlight() {
        return inFlight.get();
    }
}
