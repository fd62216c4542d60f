package io.aicockpit.gateway.ratelimit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aicockpit.gateway.identity.GatewayIdentity;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses completions while the caller's or its tenant's AI token budget for this minute is spent. The budget is
 * charged afterwards with what the upstream really used ({@link AiUsageBudgetCharger}), so a request is admitted
 * as long as anything is left. The refusal is an OpenAI error object, since OpenAI clients read that shape.
 */
final class AiTokenBudgetWebFilter implements WebFilter, Ordered {
    static final int ORDER = RateLimitWebFilter.ORDER + 5;

    private final AiTokenBudget budget;
    private final ObjectMapper json;

    AiTokenBudgetWebFilter(AiTokenBudget budget, ObjectMapper json) {
        this.budget = budget;
        this.json = json;
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
            var response = exchange.getResponse();
            response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
            response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
            response.getHeaders().set("Retry-After", Long.toString(retryAfter));
            response.getHeaders().set("RateLimit-Limit", Long.toString(decision.limit()));
            response.getHeaders().set("RateLimit-Remaining", "0");
            response.getHeaders().set("RateLimit-Reset", Long.toString(retryAfter));
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("message", "the AI token budget of " + decision.limit() + " tokens per minute is used up; retry in "
                    + retryAfter + " s");
            error.put("type", "rate_limit_exceeded");
            error.put("param", null);
            error.put("code", "rate_limit_exceeded");
            byte[] body;
            try {
                body = json.writeValueAsBytes(Map.of("error", error));
            } catch (Exception e) {
                body = "{\"error\":{\"message\":\"AI token budget used up\",\"type\":\"rate_limit_exceeded\"}}"
                        .getBytes(StandardCharsets.UTF_8);
            }
            return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
        });
    }
}
