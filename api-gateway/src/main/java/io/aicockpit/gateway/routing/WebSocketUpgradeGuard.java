package io.aicockpit.gateway.routing;

import io.aicockpit.support.problem.ProblemType;
import io.aicockpit.gateway.web.Problems;
import io.aicockpit.gateway.web.RequestIdFilter;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * Decides which WebSocket upgrades may go on, before authentication (order {@value #ORDER}, inside the audit
 * filter so refusals are recorded). A browser's upgrade from an origin not in {@code aicockpit.gateway.web-origins}
 * is refused with 403 (cross-site WebSocket hijacking: browsers send cookies and open sockets cross-origin, only
 * {@code Origin} tells); an upgrade without {@code Origin} comes from a non-browser client and is allowed. An upgrade
 * on a path that serves no WebSocket is refused with 400 instead of being proxied, which would answer 101 and close.
 */
@Component
class WebSocketUpgradeGuard implements WebFilter, Ordered {
    static final int ORDER = -120;
    static final String SEC_WEBSOCKET_PROTOCOL = "Sec-WebSocket-Protocol";
    /** The only paths that serve WebSockets; the terminal route in {@link WorkspaceNodeRoutes}. */
    static final List<PathPattern> WEBSOCKET_PATHS = List.of(
            PathPatternParser.defaultInstance.parse(WorkspaceNodeRoutes.TERMINAL));
    private static final Logger log = LoggerFactory.getLogger(WebSocketUpgradeGuard.class);

    private final Set<String> webOrigins;

    WebSocketUpgradeGuard(WorkspaceNodeProperties properties) {
        this.webOrigins = properties.webOrigins().stream().map(WebSocketUpgradeGuard::normalized)
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    static boolean isUpgrade(ServerHttpRequest request) {
        return "websocket".equalsIgnoreCase(request.getHeaders().getUpgrade());
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (!isUpgrade(request)) {
            return chain.filter(exchange);
        }
        String origin = request.getHeaders().getOrigin();
        if (origin != null && !webOrigins.contains(normalized(origin))) {
            log.atWarn().addKeyValue("path", request.getPath().value())
                    .addKeyValue(RequestIdFilter.MDC_KEY, RequestIdFilter.requestId(exchange)).log("refused a WebSocket upgrade from a foreign origin");
            return Problems.write(exchange, ProblemType.ORIGIN_NOT_ALLOWED,
                    "WebSocket connections are only accepted from the platform's web origins.");
        }
        boolean servesWebSocket = request.getMethod() == HttpMethod.GET && WEBSOCKET_PATHS.stream()
                .anyMatch(pattern -> pattern.matches(request.getPath().pathWithinApplication()));
        if (!servesWebSocket) {
            return Problems.write(exchange, ProblemType.WEBSOCKET_NOT_SUPPORTED,
                    "This path does not accept WebSocket connections.");
        }
        return chain.filter(exchange);
    }

    /** {@code scheme://host[:port]} in lower case, default ports dropped; unparseable origins match nothing. */
    static String normalized(String origin) {
        try {
            URI uri = URI.create(origin.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return "invalid:" + origin;
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80)
                    || (scheme.equals("https") && port == 443);
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (IllegalArgumentException e) {
            return "invalid:" + origin;
        }
    }
}
