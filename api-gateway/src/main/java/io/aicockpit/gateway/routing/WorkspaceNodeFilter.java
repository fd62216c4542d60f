package io.aicockpit.gateway.routing;

import io.aicockpit.support.problem.ProblemType;
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
 * built the request URL from the route's placeholder URI, and swaps in the node's address. A WebSocket upgrade
 * gets a {@code ws}/{@code wss} URL and is proxied by {@link NodeWebSocketProxy} (node handshake first, so node
 * refusals come before the client's upgrade too). Everything the gateway refuses (the workspace is not visible to
 * the caller, a terminal on a workspace that is not running) answers here as a problem, before anything reaches
 * the node.
 *
 * <p>On upgrades the {@code bearer.<jwt>} subprotocol a browser sent its token in is not offered to the node: the
 * node never sees the token, and both handshakes select one of the remaining protocols
 * ({@code aicockpit.terminal.v1}) instead of echoing the token.
 */
@Component
class WorkspaceNodeFilter implements GatewayFilter, Ordered {
    static final String WORKSPACE_ID = "workspaceId";
    static final String BEARER_PROTOCOL_PREFIX = "bearer.";

    private final WorkspaceNodeLocator locator;
    private final NodeWebSocketProxy webSockets;

    WorkspaceNodeFilter(WorkspaceNodeLocator locator, NodeWebSocketProxy webSockets) {
        this.locator = locator;
        this.webSockets = webSockets;
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
                        return Mono.error(new WorkspaceNodeLocator.Refused(ProblemType.WORKSPACE_NOT_RUNNING,
                                "The workspace is not running; start it first."));
                    }
                    URI requestUrl = exchange.getRequiredAttribute(GATEWAY_REQUEST_URL_ATTR);
                    URI nodeUrl = onNode(requestUrl, node.nodeUri(), upgrade);
                    exchange.getAttributes().put(GATEWAY_REQUEST_URL_ATTR, nodeUrl);
                    if (upgrade) {
                        ServerWebExchangeUtils.setAlreadyRouted(exchange);
                        return webSockets.proxy(exchange, nodeUrl, protocolsWithoutBearer(exchange));
                    }
                    return chain.filter(exchange);
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

    /** The offered subprotocols without the {@code bearer.<jwt>} a browser sent its token in. */
    static List<String> protocolsWithoutBearer(ServerWebExchange exchange) {
        List<String> offered = exchange.getRequest().getHeaders().get(WebSocketUpgradeGuard.SEC_WEBSOCKET_PROTOCOL);
        if (offered == null) {
            return List.of();
        }
        return offered.stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::trim)
                .filter(protocol -> !protocol.isEmpty() && !protocol.startsWith(BEARER_PROTOCOL_PREFIX))
                .toList();
    }

    private static Mono<Void> refuse(ServerWebExchange exchange, WorkspaceNodeLocator.Refused refused) {
        if (refused.status == HttpStatus.FORBIDDEN) {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\"");
        }
        return Problems.write(exchange, refused.type, refused.getMessage());
    }
}
