package io.aicockpit.gateway.testkit;

import io.aicockpit.coreapi.common.ActorType;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.gateway.identity.GatewayIdentity;
import io.aicockpit.gateway.identity.Role;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Stands in for the security chain (order -120, between audit at -150 and rate limits at -50): puts the
 * {@link GatewayIdentity} described by {@code X-Test-*} headers into the exchange, and refuses with the status in
 * {@code X-Test-Deny} (401 leaves the exchange without identity, as a failed authentication does). Also takes the
 * request id from {@code X-Request-Id}, as the gateway's request-id filter would.
 */
public final class TestIdentityFilter implements WebFilter, Ordered {
    public static final String TENANT = "X-Test-Tenant";
    public static final String USER = "X-Test-User";
    public static final String ROLES = "X-Test-Roles";
    public static final String DENY = "X-Test-Deny";
    public static final String RATE_LIMITED = "io.aicockpit.gateway.rateLimited";

    @Override
    public int getOrder() {
        return -120;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var headers = exchange.getRequest().getHeaders();
        String requestId = headers.getFirst("X-Request-Id");
        if (requestId != null) {
            exchange.getAttributes().put("io.aicockpit.gateway.requestId", requestId);
        }
        String deny = headers.getFirst(DENY);
        String user = headers.getFirst(USER);
        if (user != null && !"401".equals(deny)) {
            String tenant = headers.getFirst(TENANT);
            Set<Role> roles = Arrays.stream(headers.getOrEmpty(ROLES).stream().collect(Collectors.joining(","))
                            .split(","))
                    .filter(role -> !role.isBlank()).map(Role::valueOf).collect(Collectors.toSet());
            exchange.getAttributes().put(GatewayIdentity.ATTRIBUTE, new GatewayIdentity(
                    tenant == null ? null : new TenantId(tenant), user, "Name of " + user, roles,
                    tenant == null ? ActorType.OPERATOR : ActorType.USER, "issuer", null));
        }
        if (deny != null) {
            if (deny.equals("429")) {
                exchange.getAttributes().put(RATE_LIMITED, Boolean.TRUE);
            }
            exchange.getResponse().setStatusCode(HttpStatus.valueOf(Integer.parseInt(deny)));
            return exchange.getResponse().setComplete();
        }
        return chain.filter(exchange);
    }
}
