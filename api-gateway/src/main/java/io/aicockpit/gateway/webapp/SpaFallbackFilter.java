package io.aicockpit.gateway.webapp;

import java.util.List;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Serves {@code index.html} for the app's client routes ({@code /}, {@code /t/acme}, {@code /workspaces/…}): a
 * browser navigation (GET accepting HTML) to a path outside the APIs whose last segment has no file extension.
 * Runs before the security chain, which then sees {@code /index.html} and lets it through; API paths are never
 * rewritten, so they keep their 401/404 answers. Every page and asset gets the Content-Security-Policy.
 */
@Component
@Order(-200)
class SpaFallbackFilter implements WebFilter {
    private static final List<String> API_PREFIXES = List.of("/api/", "/v1/", "/actuator", "/internal/");
    private final ContentSecurityPolicy policy;

    SpaFallbackFilter(ContentSecurityPolicy policy) {
        this.policy = policy;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().pathWithinApplication().value();
        if (isApi(path)) {
            return chain.filter(exchange);
        }
        ServerWebExchange target = isClientRoute(request, path)
                ? exchange.mutate().request(r -> r.path("/index.html")).build()
                : exchange;
        return policy.current().flatMap(csp -> {
            HttpHeaders headers = target.getResponse().getHeaders();
            headers.set("Content-Security-Policy", csp);
            headers.set("Referrer-Policy", "no-referrer");
            headers.set("X-Content-Type-Options", "nosniff");
            return chain.filter(target);
        });
    }

    static boolean isApi(String path) {
        return API_PREFIXES.stream().anyMatch(p -> path.startsWith(p) || path.equals(p.replaceAll("/$", "")));
    }

    private static boolean isClientRoute(ServerHttpRequest request, String path) {
        if (!(HttpMethod.GET.equals(request.getMethod()) || HttpMethod.HEAD.equals(request.getMethod()))) {
            return false;
        }
        // a WebSocket handshake is never a page (an h2c upgrade offer on a plain GET still is)
        if ("websocket".equalsIgnoreCase(request.getHeaders().getUpgrade())) {
            return false;
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        if (last.contains(".")) {
            return false;
        }
        List<MediaType> accept = request.getHeaders().getAccept();
        return path.equals("/") || accept.stream().anyMatch(m -> m.isCompatibleWith(MediaType.TEXT_HTML)
                && !m.isWildcardType());
    }
}
