package io.aicockpit.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * A real WebSocket and HTTP server standing in for a container-worker node. The terminal path speaks WebSocket
 * with subprotocol {@code aicockpit.terminal.v1} and echoes every text frame prefixed with the node's name; the
 * file-change stream sends its headers and one event after 3 s; every other request is answered 200 with
 * {@code {"node":"<name>"}}. Records each request's handshake or request line
 * and headers (lower-case names), so tests see exactly what crossed the gateway.
 */
final class NodeStandIn {
    static final String PROTOCOL = "aicockpit.terminal.v1";

    /** One request as the node saw it; for a WebSocket, method {@code WEBSOCKET} and the selected protocol. */
    record Received(String method, String uri, Map<String, List<String>> headers) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase());
            return values == null ? null : String.join(", ", values);
        }
    }

    private final String name;
    private final DisposableServer server;
    private final LinkedBlockingDeque<Received> received = new LinkedBlockingDeque<>();

    NodeStandIn(String name) {
        this.name = name;
        this.server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes
                        // refuses reattaching to a terminal it does not know, before any upgrade, as the node does
                        .route(request -> request.uri().contains("/terminal?terminalId=gone"),
                                (request, response) -> response.status(404)
                                        .header("Content-Type", "application/problem+json")
                                        .sendString(Mono.just("{\"type\":\"urn:aicockpit:problem:not-found\"}"))
                                        .then())
                        .ws("/api/v1/workspaces/{workspaceId}/terminal", (in, out) -> {
                            received.add(new Received("WEBSOCKET", in.selectedSubprotocol(), headers(in.headers())));
                            return out.sendString(in.receive().asString().map(text -> name + ":" + text));
                        }, WebsocketServerSpec.builder().protocols(PROTOCOL).build())
                        // a stream whose headers come only with its first event, after 3 s
                        .get("/api/v1/workspaces/{workspaceId}/files/changes", (request, response) ->
                                response.header("Content-Type", "text/event-stream").sendString(
                                        Mono.delay(Duration.ofSeconds(3)).map(tick -> "event: change\ndata: {}\n\n"))
                                        .then())
                        .route(request -> true, (request, response) -> {
                            received.add(new Received(request.method().name(), request.uri(),
                                    headers(request.requestHeaders())));
                            return request.receive().then().then(response.header("Content-Type", "application/json")
                                    .sendString(Mono.just("{\"node\":\"" + name + "\"}"), StandardCharsets.UTF_8)
                                    .then());
                        }))
                .bindNow();
    }

    private static Map<String, List<String>> headers(io.netty.handler.codec.http.HttpHeaders headers) {
        Map<String, List<String>> copy = new TreeMap<>();
        headers.forEach(entry -> copy.computeIfAbsent(entry.getKey().toLowerCase(), key -> new ArrayList<>())
                .add(entry.getValue()));
        return copy;
    }

    String uri() {
        return "http://127.0.0.1:" + server.port();
    }

    /** The next request the node saw, waiting up to 10 s for it. */
    Received next() throws InterruptedException {
        Received next = received.poll(10, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError(name + " received no request");
        }
        return next;
    }

    void clear() {
        received.clear();
    }
}
