package io.aicockpit.gateway.routing;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;

import io.aicockpit.gateway.identity.GatewayIdentity;
import io.aicockpit.gateway.web.Problems;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Sends a workspace-node route to the node that holds the workspace. Runs right after Spring Cloud Gateway has
 * built the request URL from the route's placeholder URI, and swaps in the node's address; a WebSocket upgrade
 * gets a {@code ws}/{@code wss} URL, so the WebSocket routing filter proxies it. Everything that refuses (the
 * workspace is not visible to the caller, a terminal on a workspace that is not running) answers here as a
 * problem, before anything reaches the node and before any upgrade.
 *
 * <p>On upgrades the {@code bearer.<jwt>} subprotocol a browser sent its token in is removed from
 * {@code Sec-WebSocket-Protocol}: the node never sees the token, and the handshake selects one of the remaining
 * protocols ({@code aicockpit.terminal.v1}) instead of echoing the token.
 */
@Component
class WorkspaceNodeFilter implements GatewayFilter, Ordered {
    static final String WORKSPACE_ID = "workspaceId";
    static final String BEARER_PROTOCOL_PREFIX = "bearer.";

    private final WorkspaceNodeLocator locator;

    WorkspaceNodeFilter(WorkspaceNodeLocator locator) {
        this.locator = locator;
    }

    @Override
    public int getOrder() {
        return RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        GatewayIdentity caller = exchange.getAttribute(GatewayIdentity.ATTRIBUTE);
        Map<String, String> variables = ServerWebExchangeUtils.getUriTemplateVariables(exchange);
        String workspaceId = variables.get(WORKSPACE_ID);
        if (caller == null || workspaceId == null) {
            return refuse(exchange, WorkspaceNodeLocator.notFound());
        }
        boolean upgrade = WebSocketUpgradeGuard.isUpgrade(exchange.getRequest());
        return locator.locate(exchange, caller, workspaceId)
                .flatMap(node -> {
                    if (upgrade && !node.running()) {
                        return Mono.error(new WorkspaceNodeLocator.Refused(HttpStatus.CONFLICT,
                                "workspace-not-running", "The workspace is not running; start it first."));
                    }
                    URI requestUrl = exchange.getRequiredAttribute(GATEWAY_REQUEST_URL_ATTR);
                    exchange.getAttributes().put(GATEWAY_REQUEST_URL_ATTR,
                            onNode(requestUrl, node.nodeUri(), upgrade));
                    return chain.filter(upgrade ? withoutBearerProtocol(exchange) : exchange);
                })
                .onErrorResume(WorkspaceNodeLocator.Refused.class, refused -> refuse(exchange, refused));
    }

    /** The request's path and query (kept encoded) on the node's scheme, host and port. */
    static URI onNode(URI requestUrl, URI node, boolean upgrade) {
        String scheme = node.getScheme();
        if (upgrade) {
            scheme = "https".equalsIgnoreCase(scheme) ? "wss" : "ws";
        }
        String basePath = node.getRawPath() == null ? "" : node.getRawPath().replaceAll("/+$", "");
        String query = requestUrl.getRawQuery() == null ? "" : "?" + requestUrl.getRawQuery();
        return URI.create(scheme + "://" + node.getRawAuthority() + basePath + requestUrl.getRawPath() + query);
    }

    private static ServerWebExchange withoutBearerProtocol(ServerWebExchange exchange) {
        List<String> offered = exchange.getRequest().getHeaders().get(WebSocketUpgradeGuard.SEC_WEBSOCKET_PROTOCOL);
        if (offered == null) {
            return exchange;
        }
        List<String> kept = offered.stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::trim)
                .filter(protocol -> !protocol.isEmpty() && !protocol.startsWith(BEARER_PROTOCOL_PREFIX))
                .toList();
        return exchange.mutate().request(request -> request.headers(headers -> {
            headers.remove(WebSocketUpgradeGuard.SEC_WEBSOCKET_PROTOCOL);
            if (!kept.isEmpty()) {
                headers.set(WebSocketUpgradeGuard.SEC_WEBSOCKET_PROTOCOL, String.join(", ", kept));
            }
        })).build();
    }

    private static Mono<Void> refuse(ServerWebExchange exchange, WorkspaceNodeLocator.Refused refused) {
        if (refused.status == HttpStatus.FORBIDDEN) {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\"");
        }
        return Problems.write(exchange, refused.status, refused.kind, refused.getMessage());
    }
}
