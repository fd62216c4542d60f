package io.aicockpit.gateway.ratelimit;

import io.aicockpit.gateway.identity.GatewayIdentity;
import io.aicockpit.gateway.web.Problems;
import io.aicockpit.support.problem.ProblemType;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses completions while the caller's or its tenant's AI token budget for this minute is spent. The budget is
 * charged afterwards with what the upstream really used ({@link AiUsageBudgetCharger}), so a request is admitted
 * as long as anything is left. The refusal is an OpenAI error object ({@link Problems} on {@code /v1}), since
 * OpenAI clients read that shape.
 */
final class AiTokenBudgetWebFilter implements WebFilter, Ordered {
    static final int ORDER = RateLimitWebFilter.ORDER + 5;

    private final AiTokenBudget budget;

    AiTokenBudgetWebFilter(AiTokenBudget budget) {
        this.budget = budget;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        GatewayIdentity identity = exchange.getAttribute(GatewayIdentity.ATTRIBUTE);
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (identity == null || exchange.getRequest().getMethod() != HttpMethod.POST
                || !(path.equals("/v1/chat/completions") || path.equals("/v1/completions"))) {
            return chain.filter(exchange);
        }
        return budget.check(identity, 1).flatMap(decision -> {
            if (decision.allowed()) {
                return chain.filter(exchange);
            }
            long retryAfter = Math.max(1, decision.retryAfter().toSeconds());
            exchange.getAttributes().put(RateLimitWebFilter.RATE_LIMITED_ATTRIBUTE, true);
            var headers = exchange.getResponse().getHeaders();
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
            headers.set("RateLimit-Limit", Long.toString(decision.limit()));
            headers.set("RateLimit-Remaining", "0");
            headers.set("RateLimit-Reset", Long.toString(retryAfter));
            return Problems.write(exchange, ProblemType.AI_TOKEN_BUDGET_EXHAUSTED,
                    "The AI token budget of " + decision.limit() + " tokens per minute is used up; retry in "
                            + retryAfter + " s.");
        });
    }
}
