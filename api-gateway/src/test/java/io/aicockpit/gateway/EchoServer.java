package io.aicockpit.gateway;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.function.Function;

/**
 * A stand-in for command-side or query-side: answers every request with 200 and records what arrived (method,
 * path, headers with lower-case names), so tests see exactly what crossed the gateway. A test can script the answer
 * to one path ({@link #answer}): status, headers and a body sent in flushed chunks, or answer it per request
 * ({@link #respond}).
 */
final class EchoServer {
    /** One request as the downstream service saw it. */
    record Received(String method, String path, Map<String, List<String>> headers) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase());
            return values == null ? null : values.getFirst();
        }
    }

    private final HttpServer server;
    private final String name;
    private final LinkedBlockingDeque<Received> received = new LinkedBlockingDeque<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, Function<Received, Answer>> responders = new ConcurrentHashMap<>();

    /**
     * A scripted answer: each chunk is written and flushed on its own; with {@code beforeLast}, the last chunk
     * waits until the test releases it, so the test can look at a response whose body is still streaming.
     */
    record Answer(int status, Map<String, String> headers, String contentType, List<String> chunks,
                  CountDownLatch beforeLast) {
        static Answer json(int status, Map<String, String> headers) {
            return new Answer(status, headers, "application/json", List.of("{\"scripted\":true}"), null);
        }
    }

    EchoServer(String name) {
        this.name = name;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", exchange -> {
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((key, values) -> headers.put(key.toLowerCase(), List.copyOf(values)));
            exchange.getRequestBody().readAllBytes();
            Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers);
            received.add(request);
            Function<Received, Answer> responder = responders.get(exchange.getRequestURI().getPath());
            Answer answer = responder != null ? responder.apply(request)
                    : answers.get(exchange.getRequestURI().getPath());
            if (answer != null) {
                answer.headers().forEach(exchange.getResponseHeaders()::set);
                exchange.getResponseHeaders().set("Content-Type", answer.contentType());
                exchange.sendResponseHeaders(answer.status(), 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    for (int i = 0; i < answer.chunks().size(); i++) {
                        if (i == answer.chunks().size() - 1 && answer.beforeLast() != null) {
                            await(answer.beforeLast());
                        }
                        out.write(answer.chunks().get(i).getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                }
                return;
            }
            byte[] body = ("{\"service\":\"" + this.name + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** Answers requests to {@code path} as scripted, from now on. */
    void answer(String path, Answer answer) {
        answers.put(path, answer);
    }

    /** Answers requests to {@code path} with what {@code responder} makes of each, from now on. */
    void respond(String path, Function<Received, Answer> responder) {
        responders.put(path, responder);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test did not release the last chunk");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The most recent request, removing everything recorded before it. */
    Received last() {
        Received last = received.peekLast();
        received.clear();
        if (last == null) {
            throw new AssertionError(name + " received no request");
        }
        return last;
    }

    void clear() {
        received.clear();
    }
}
