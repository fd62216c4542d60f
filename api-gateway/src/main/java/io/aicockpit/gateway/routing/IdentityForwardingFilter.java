package io.aicockpit.gateway.routing;

import io.aicockpit.gateway.identity.GatewayIdentity;
import io.aicockpit.gateway.identity.InternalTokenClaims;
import io.aicockpit.gateway.identity.InternalTokenIssuer;
import io.aicockpit.gateway.web.RequestIdFilter;
import java.util.List;
import java.util.Locale;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Rewrites the identity headers of every forwarded request. Everything a client sent under {@code X-AiCockpit-}
 * and its Authorization header are removed first; then the gateway adds its signed {@code X-AiCockpit-Identity},
 * the only identity the services accept (see docs/security.md). Removing the prefix also keeps clients from sending
 * {@code X-AiCockpit-Audit-Detail}, which only services may set, on their answers (see docs/audit.md).
 */
@Component
class IdentityForwardingFilter implements GlobalFilter, Ordered {
    static final String PREFIX = "x-aicockpit-";

    private final InternalTokenIssuer tokens;

    IdentityForwardingFilter(InternalTokenIssuer tokens) {
        this.tokens = tokens;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        GatewayIdentity identity = exchange.getAttribute(GatewayIdentity.ATTRIBUTE);
        if (identity == null) {
            return Mono.error(new ResponseStatusException(HttpStatus.UNAUTHORIZED));
        }
        String requestId = RequestIdFilter.requestId(exchange);
        String token = tokens.issue(identity);
        ServerWebExchange forwarded = exchange.mutate().request(request -> request.headers(headers -> {
            List<String> names = headers.keySet().stream()
                    .filter(name -> name.toLowerCase(Locale.ROOT).startsWith(PREFIX)).toList();
            names.forEach(headers::remove);
            headers.remove(HttpHeaders.AUTHORIZATION);
            headers.set(InternalTokenClaims.HEADER, token);
            headers.set(RequestIdFilter.HEADER, requestId);
        })).build();
        return chain.filter(forwarded);
    }
}
