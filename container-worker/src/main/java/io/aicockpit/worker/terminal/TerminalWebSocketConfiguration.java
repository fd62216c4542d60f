package io.aicockpit.worker.terminal;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * Serves {@code GET /api/v1/workspaces/{id}/terminal} as a WebSocket on this MVC app, selecting subprotocol
 * {@value TerminalFrames#PROTOCOL} when offered, with the input frame limit. Any Origin is accepted here: only the
 * gateway reaches the node, it checks Origins against its web origins, and the node trusts nothing but the gateway's
 * signed identity header, which a browser cannot forge.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
@EnableConfigurationProperties(TerminalProperties.class)
class TerminalWebSocketConfiguration implements WebSocketConfigurer {
    private final TerminalWebSocketHandler handler;
    private final TerminalHandshakeInterceptor interceptor;

    TerminalWebSocketConfiguration(TerminalWebSocketHandler handler, TerminalHandshakeInterceptor interceptor) {
        this.handler = handler;
        this.interceptor = interceptor;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        DefaultHandshakeHandler handshake = new DefaultHandshakeHandler();
        handshake.setSupportedProtocols(TerminalFrames.PROTOCOL);
        registry.addHandler(handler, "/api/v1/workspaces/*/terminal").addInterceptors(interceptor)
                .setHandshakeHandler(handshake).setAllowedOriginPatterns("*");
    }
}
