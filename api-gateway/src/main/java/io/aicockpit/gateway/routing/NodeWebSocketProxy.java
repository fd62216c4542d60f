package io.aicockpit.gateway.routing;

import io.aicockpit.support.problem.ProblemType;
import io.aicockpit.gateway.web.Problems;
import io.aicockpit.gateway.web.RequestIdFilter;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.client.WebSocketClient;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

/**
 * Proxies a WebSocket to a node, node first: the gateway completes its handshake with the node and only then
 * upgrades the client, so whatever the node refuses (an unknown terminal id, too many terminals, a workspace that
 * stopped) reaches the client as a plain HTTP problem instead of a 101 followed by a close. Spring Cloud Gateway's
 * own WebSocket routing upgrades the client first, which is why it is not used for the node routes. The client's
 * handshake selects the protocol the node selected; frames and close statuses pass through unchanged.
 */
@Component
class NodeWebSocketProxy {
    private static final Logger log = LoggerFactory.getLogger(NodeWebSocketProxy.class);
    /** Hop-by-hop and handshake headers: each side of the proxy makes its own. */
    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "upgrade", "content-length",
            "transfer-encoding", "keep-alive", "te", "trailer", "proxy-authorization", "origin");

    private final WebSocketClient client;
    private final WebSocketService server;

    NodeWebSocketProxy(WebSocketClient client, WebSocketService server) {
        this.client = client;
        this.server = server;
    }

    Mono<Void> proxy(ServerWebExchange exchange, URI nodeUrl, List<String> protocols) {
        HttpHeaders forwarded = new HttpHeaders();
        exchange.getRequest().getHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!NOT_FORWARDED.contains(lower) && !lower.startsWith("sec-websocket")) {
                forwarded.addAll(name, values);
            }
        });
        Scheduler clientsEventLoop = onTheClientsEventLoop(exchange);
        return client.execute(nodeUrl, forwarded, new WebSocketHandler() {
                    @Override
                    public List<String> getSubProtocols() {
                        return protocols;
                    }

                    @Override
                    public Mono<Void> handle(WebSocketSession node) {
                        // the client's upgrade completes at its handshake; the node's side (and this request,
                        // which the audit records when it ends) lives until the relay is over
                        Sinks.Empty<Void> relayed = Sinks.empty();
                        // this runs on the node connection's event loop; the client's upgrade has to run on the
                        // client connection's own (see onTheClientsEventLoop)
                        return Mono.defer(() -> server.handleRequest(withTrimmedProtocols(exchange),
                                        new ClientSide(node, relayed)))
                                .subscribeOn(clientsEventLoop)
                                .then(relayed.asMono());
                    }
                })
                .onErrorResume(error -> refuse(exchange, nodeUrl, error));
    }

    /**
     * Where the client's upgrade runs: on the event loop of the client's connection. The node's handshake completes
     * on the node connection's event loop, but Reactor Netty's server-side upgrade expects to run on the upgraded
     * connection's own: it writes the 101 and hands the connection over to the WebSocket in a listener on that
     * write. Started from another thread, that listener can be added only after the 101 went out and the client's
     * first frame came in; the frame then goes to the finished HTTP exchange, which drops it, and the client waits
     * for its answer forever. On a server that is not Reactor Netty, the upgrade runs where it is called.
     */
    static Scheduler onTheClientsEventLoop(ServerWebExchange exchange) {
        Object nativeRequest;
        try {
            nativeRequest = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
        } catch (IllegalArgumentException | IllegalStateException noNativeRequest) {
            return Schedulers.immediate();
        }
        return nativeRequest instanceof Connection connection
                ? Schedulers.fromExecutor(connection.channel().eventLoop())
                : Schedulers.immediate();
    }

    /**
     * The client's offered subprotocols joined without blanks. Browsers and the JDK send {@code "a, b"}, and WebFlux's
     * handshake compares the comma-split entries untrimmed, so {@code " aicockpit.terminal.v1"} would match nothing:
     * the upgrade would then select no protocol and a browser that offered one fails the connection.
     */
    static ServerWebExchange withTrimmedProtocols(ServerWebExchange exchange) {
        List<String> offered = exchange.getRequest().getHeaders().get(WebSocketUpgradeGuard.SEC_WEBSOCKET_PROTOCOL);
        if (offered == null) {
            return exchange;
        }
        String joined = offered.stream().flatMap(value -> java.util.Arrays.stream(value.split(",")))
                .map(String::trim).filter(protocol -> !protocol.isEmpty())
                .collect(java.util.stream.Collectors.joining(","));
        return exchange.mutate().request(request -> request.headers(headers ->
                headers.set(WebSocketUpgradeGuard.SEC_WEBSOCKET_PROTOCOL, joined))).build();
    }

    /** The node's refusal (or its absence) as the client's problem, unless the client was already upgraded. */
    private static Mono<Void> refuse(ServerWebExchange exchange, URI nodeUrl, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.empty();
        }
        if (error instanceof WebSocketClientHandshakeException handshake && handshake.response() != null) {
            int status = handshake.response().status().code();
            return switch (status) {
                case 400 -> Problems.write(exchange, ProblemType.INVALID_REQUEST,
                        "The workspace's node refused the terminal request; check cols, rows and terminalId.");
                case 401 -> Problems.write(exchange, ProblemType.UNAUTHENTICATED,
                        "The workspace's node did not accept the caller.");
                case 403 -> Problems.write(exchange, ProblemType.FORBIDDEN,
                        "Your roles do not allow opening this workspace's terminal.");
                case 404 -> Problems.write(exchange, ProblemType.TERMINAL_NOT_FOUND,
                        "No such terminal is open for you on this workspace.");
                case 409 -> Problems.write(exchange, ProblemType.WORKSPACE_NOT_RUNNING,
                        "The workspace is not running; start it first.");
                case 429 -> Problems.write(exchange, ProblemType.TOO_MANY_TERMINALS,
                        "You have as many open terminals as allowed; close one first.");
                default -> unavailable(exchange, nodeUrl, "status " + status);
            };
        }
        return unavailable(exchange, nodeUrl, error.getClass().getSimpleName());
    }

    private static Mono<Void> unavailable(ServerWebExchange exchange, URI nodeUrl, String reason) {
        log.atWarn().addKeyValue("node", nodeUrl.getRawAuthority()).addKeyValue("reason", reason)
                .addKeyValue(RequestIdFilter.MDC_KEY, RequestIdFilter.requestId(exchange))
                .log("workspace node refused or failed the terminal handshake");
        return Problems.write(exchange, ProblemType.UPSTREAM_UNAVAILABLE,
                "The workspace's node cannot be reached.");
    }

    /** The client's side, upgraded once the node's side is open: relays frames and close statuses both ways. */
    private record ClientSide(WebSocketSession node, Sinks.Empty<Void> relayed) implements WebSocketHandler {
        @Override
        public List<String> getSubProtocols() {
            HandshakeInfo info = node.getHandshakeInfo();
            return info.getSubProtocol() == null ? List.of() : List.of(info.getSubProtocol());
        }

        @Override
        public Mono<Void> handle(WebSocketSession browser) {
            // each side's close follows the frames it sent before it: the node's last output (a terminal's exit
            // message) reaches the browser before the node's close status does, never after it
            Mono<Void> toNode = node.send(browser.receive().doOnNext(WebSocketMessage::retain))
                    .then(closeWith(browser, node).onErrorComplete());
            Mono<Void> toBrowser = browser.send(node.receive().doOnNext(WebSocketMessage::retain))
                    .then(closeWith(node, browser).onErrorComplete());
            return Mono.zip(toNode, toBrowser).then().doFinally(signal -> relayed.tryEmitEmpty());
        }

        /** When {@code closed} closes, closes {@code other} with the same status where one may send it. */
        private static Mono<Void> closeWith(WebSocketSession closed, WebSocketSession other) {
            return closed.closeStatus().filter(status -> other.isOpen()).map(ClientSide::sendable)
                    .flatMap(other::close);
        }

        /** 1005 (no status) and 1006 (connection lost) are never sent in a close frame (RFC 6455, 7.4.1). */
        private static CloseStatus sendable(CloseStatus status) {
            int code = status.getCode();
            if (code == CloseStatus.NO_STATUS_CODE.getCode()) {
                return CloseStatus.NORMAL;
            }
            if (code == CloseStatus.NO_CLOSE_FRAME.getCode()) {
                return CloseStatus.GOING_AWAY;
            }
            boolean sendable = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014)
                    || (code >= 3000 && code <= 4999);
            return sendable ? status : CloseStatus.SERVER_ERROR;
        }
    }
}
