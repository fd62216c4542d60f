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
 * and its Authorization header are removed first: services must trust only what the gateway derived from the
 * verified token. The gateway then adds its signed {@code X-AiCockpit-Identity} and, while command-side and
 * query-side still read them, the plain legacy headers; those are only safe as long as the services cannot be
 * reached except through the gateway (see docs/security.md).
 */
@Component
class IdentityForwardingFilter implements GlobalFilter, Ordered {
    static final String PREFIX = "x-aicockpit-";
    static final String TENANT = "X-AiCockpit-Tenant";
    static final String USER = "X-AiCockpit-User";
    static final String USER_NAME = "X-AiCockpit-User-Name";
    static final String ROLES = "X-AiCockpit-Roles";

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
        String token = tokens.issue(identity, requestId);
        ServerWebExchange forwarded = exchange.mutate().request(request -> request.headers(headers -> {
            List<String> names = headers.keySet().stream()
                    .filter(name -> name.toLowerCase(Locale.ROOT).startsWith(PREFIX)).toList();
            names.forEach(headers::remove);
            headers.remove(HttpHeaders.AUTHORIZATION);
            headers.set(InternalTokenClaims.HEADER, token);
            headers.set(RequestIdFilter.HEADER, requestId);
            if (identity.tenantId() != null) {
                headers.set(TENANT, identity.tenantId().value());
            }
            headers.set(USER, ascii(identity.subject()));
            if (identity.name() != null) {
                headers.set(USER_NAME, ascii(identity.name()));
            }
            headers.set(ROLES, String.join(",", identity.roles().stream().map(Enum::name).sorted().toList()));
        })).build();
        return chain.filter(forwarded);
    }

    /** Header values are Latin-1 on the wire; the exact name travels in the signed token. */
    static String ascii(String value) {
        StringBuilder out = new StringBuilder(value.length());
        value.chars().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return out.toString();
    }
}
