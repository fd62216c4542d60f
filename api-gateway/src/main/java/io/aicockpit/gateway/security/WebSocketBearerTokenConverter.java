package io.aicockpit.gateway.security;

import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Browsers cannot set {@code Authorization} on a WebSocket, so on upgrade requests (only there) the token may also
 * come as the subprotocol {@code bearer.<jwt>} in {@code Sec-WebSocket-Protocol}, next to the real protocol
 * ({@code aicockpit.terminal.v1}). A JWT is base64url segments joined by dots, all valid token characters for that
 * header. An {@code Authorization} header wins; everything else is the default converter's (RFC 6750 header only).
 * The routing strips the subprotocol before forwarding, so the token never reaches a node.
 */
final class WebSocketBearerTokenConverter implements ServerAuthenticationConverter {
    static final String PREFIX = "bearer.";
    private static final String SEC_WEBSOCKET_PROTOCOL = "Sec-WebSocket-Protocol";

    private final ServerBearerTokenAuthenticationConverter headers = new ServerBearerTokenAuthenticationConverter();

    @Override
    public Mono<Authentication> convert(ServerWebExchange exchange) {
        HttpHeaders request = exchange.getRequest().getHeaders();
        if (!"websocket".equalsIgnoreCase(request.getUpgrade()) || request.containsKey(HttpHeaders.AUTHORIZATION)) {
            return headers.convert(exchange);
        }
        String token = subprotocolToken(request.get(SEC_WEBSOCKET_PROTOCOL));
        return token == null ? headers.convert(exchange) : Mono.just(new BearerTokenAuthenticationToken(token));
    }

    private static String subprotocolToken(List<String> values) {
        if (values == null) {
            return null;
        }
        for (String value : values) {
            for (String protocol : value.split(",")) {
                String trimmed = protocol.trim();
                if (trimmed.startsWith(PREFIX) && trimmed.length() > PREFIX.length()) {
                    return trimmed.substring(PREFIX.length());
                }
            }
        }
        return null;
    }
}
