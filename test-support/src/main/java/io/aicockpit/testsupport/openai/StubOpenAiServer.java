package io.aicockpit.testsupport.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A stub OpenAI-compatible upstream on reactor-netty: {@code /v1/chat/completions}, {@code /v1/completions} (streamed
 * as {@code data: {json}\n\n} chunks ending {@code data: [DONE]}, or one JSON document with usage), {@code /v1/models},
 * and the Azure deployment paths {@code /openai/deployments/{d}/chat/completions?api-version=…} authenticated by an
 * {@code api-key} header. Its behaviour per request is set with {@link StubOptions}. It records every request and counts
 * open connections and unfinished responses, so tests can check what was sent, cancellation and leaks.
 */
public final class StubOpenAiServer implements AutoCloseable {
    /** A header carrying {@link StubOptions} for one request. */
    public static final String OPTIONS_HEADER = "X-Stub-Options";
    /** The prompt tokens every usage reports (completion tokens = chunks). */
    public static final int PROMPT_TOKENS = 17;
    public static final String MODEL = "gpt-stub";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String apiKey;
    private final DisposableServer server;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> requestsPerOptions = new ConcurrentHashMap<>();
    private final AtomicInteger openConnections = new AtomicInteger();
    private final AtomicInteger activeResponses = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong();

    private StubOpenAiServer(int port, String apiKey) {
        this.apiKey = apiKey;
        this.server = HttpServer.create()
                .host("127.0.0.1")
                .port(port)
                .doOnConnection(connection -> {
                    openConnections.incrementAndGet();
                    connection.onDispose(openConnections::decrementAndGet);
                })
                .handle(this::handle)
                .bindNow();
    }

    /** A stub on a random port that checks no credentials. */
    public static StubOpenAiServer start() {
        return new StubOpenAiServer(0, null);
    }

    /** A stub on {@code port} (0: random) that requires {@code apiKey} (null: none) as bearer token or api-key. */
    public static StubOpenAiServer start(int port, String apiKey) {
        return new StubOpenAiServer(port, apiKey);
    }

    /** Runs a stub for benchmarks: {@code StubOpenAiServer <port> [apiKey]}. */
    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8090;
        try (StubOpenAiServer stub = start(port, args.length > 1 ? args[1] : null)) {
            System.out.println("stub OpenAI server on " + stub.baseUrl());
            stub.server.onDispose().block();
        }
    }

    public int port() {
        return server.port();
    }

    /** The OpenAI-style base URL, e.g. {@code http://127.0.0.1:4711/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    /** A base URL whose requests all get {@code options} (see {@link StubOptions}). */
    public String baseUrl(String options) {
        return "http://127.0.0.1:" + port() + "/o/" + options + "/v1";
    }

    /** The root for an Azure OpenAI service (deployments live below {@code /openai}). */
    public String azureBaseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public List<RecordedRequest> requests(Predicate<RecordedRequest> filter) {
        return requests.stream().filter(filter).toList();
    }

    /** TCP connections currently open to the stub (pooled idle ones included). */
    public int openConnections() {
        return openConnections.get();
    }

    /** Responses started and not yet completed or cancelled: streams the relay still holds open. */
    public int activeResponses() {
        return activeResponses.get();
    }

    @Override
    public void close() {
        server.disposeNow();
    }

    private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        activeResponses.incrementAndGet();
        String uri = request.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        String query = q < 0 ? "" : uri.substring(q + 1);
        String rawPath = path;
        String pathOptions = null;
        if (path.startsWith("/o/")) {
            int end = path.indexOf('/', 3);
            pathOptions = URLDecoder.decode(path.substring(3, end < 0 ? path.length() : end), StandardCharsets.UTF_8);
            path = end < 0 ? "/" : path.substring(end);
        }
        String finalPath = path;
        String finalPathOptions = pathOptions;
        return request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                .flatMap(body -> respond(request, response, rawPath, finalPath, query, finalPathOptions, body))
                .doFinally(signal -> activeResponses.decrementAndGet());
    }

    private Mono<Void> respond(HttpServerRequest request, HttpServerResponse response, String rawPath, String path,
                               String query, String pathOptions, String body) {
        Map<String, String> headers = new HashMap<>();
        request.requestHeaders().forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
        requests.add(new RecordedRequest(request.method().name(), rawPath, query, Map.copyOf(headers), body));

        JsonNode json = parse(body);
        String requestedModel = json.path("model").asText(MODEL);
        int semicolon = requestedModel.indexOf(';');
        StubOptions options = StubOptions.parse(pathOptions, headers.get(OPTIONS_HEADER.toLowerCase(Locale.ROOT)),
                semicolon < 0 ? null : requestedModel.substring(semicolon + 1));

        boolean azure = path.startsWith("/openai/deployments/");
        String endpoint;
        if (azure) {
            String rest = path.substring("/openai/deployments/".length());
            int slash = rest.indexOf('/');
            endpoint = slash < 0 ? "" : rest.substring(slash);
            if (!query.contains("api-version=")) {
                return error(response, 400, "missing required query parameter api-version", "invalid_request_error",
                        "missing_api_version");
            }
        } else {
            endpoint = path.startsWith("/v1/") ? path.substring(3) : path;
        }
        String credential = azure ? headers.get("api-key") : headers.get("authorization");
        String expected = apiKey == null ? null : azure ? apiKey : "Bearer " + apiKey;
        if (expected != null && !expected.equals(credential)) {
            return error(response, 401, "Incorrect API key provided"
                    + (options.flag("echoAuth") ? ": " + credential : "") + ".", "invalid_request_error",
                    "invalid_api_key");
        }
        int failFirst = options.integer("failFirst", 0);
        if (failFirst > 0 && requestsPerOptions.computeIfAbsent(options.raw(), k -> new AtomicInteger())
                .incrementAndGet() <= failFirst) {
            return error(response, options.integer("failStatus", 500), "The stub failed on purpose.", "server_error",
                    null);
        }
        int status = options.integer("status", 200);
        if (status >= 400) {
            if (options.values().containsKey("retryAfter")) {
                response.header("Retry-After", options.values().get("retryAfter"));
            }
            return error(response, status, "The stub answers " + status + " on request"
                    + (options.flag("echoAuth") ? " (credential " + credential + ")" : "") + ".",
                    status >= 500 ? "server_error" : "invalid_request_error", "stub_" + status);
        }
        Duration firstByteDelay = Duration.ofMillis(options.integer("firstByteDelayMs", 0));
        return switch (endpoint) {
            case "/models" -> json(response, models(), firstByteDelay);
            case "/chat/completions", "/completions" -> {
                boolean chat = endpoint.equals("/chat/completions");
                if (json.path("stream").asBoolean(false)) {
                    yield stream(response, chat, requestedModel, options,
                            json.path("stream_options").path("include_usage").asBoolean(false), firstByteDelay);
                }
                yield whole(response, chat, requestedModel, options, firstByteDelay);
            }
            default -> error(response, 404, "Unknown path " + path, "invalid_request_error", "not_found");
        };
    }

    private Mono<Void> stream(HttpServerResponse response, boolean chat, String model, StubOptions options,
                              boolean includeUsage, Duration firstByteDelay) {
        String id = (chat ? "chatcmpl-stub-" : "cmpl-stub-") + ids.incrementAndGet();
        long created = System.currentTimeMillis() / 1000;
        int chunks = options.integer("chunks", 3);
        int stallAfter = options.integer("stallAfter", -1);
        Duration chunkDelay = Duration.ofMillis(options.integer("chunkDelayMs", 0));
        List<String> events = new ArrayList<>();
        List<String> pieces = pieces(options, chunks);
        for (int i = 0; i < pieces.size(); i++) {
            events.add(event(chunk(chat, id, created, model, i == 0, pieces.get(i), null, includeUsage)));
            if (i == 0 && options.flag("malformed")) {
                events.add("data: {\"id\": \"" + id + "\", this is not json\n\n");
            }
        }
        Flux<String> content = Flux.fromIterable(stallAfter >= 0 ? events.subList(0, Math.min(stallAfter, events.size()))
                        : events)
                .concatMap(event -> chunkDelay.isZero() ? Mono.just(event) : Mono.delay(chunkDelay).thenReturn(event));
        Flux<String> tail;
        if (stallAfter >= 0) {
            tail = Flux.never();
        } else {
            List<String> end = new ArrayList<>();
            end.add(event(chunk(chat, id, created, model, false, null, "stop", includeUsage)));
            if (includeUsage && !options.flag("noUsage")) {
                ObjectNode usageChunk = base(chat, id, created, model, true);
                usageChunk.putArray("choices");
                usageChunk.set("usage", usage(chunks));
                end.add(event(usageChunk));
            }
            end.add("data: [DONE]\n\n");
            tail = Flux.fromIterable(end);
        }
        Flux<String> body = content.concatWith(tail);
        if (!firstByteDelay.isZero()) {
            body = body.delaySubscription(firstByteDelay);
        }
        return response.status(200)
                .header("Content-Type", "text/event-stream; charset=utf-8")
                .header("Cache-Control", "no-cache")
                .sendString(body, StandardCharsets.UTF_8)
                .then();
    }

    private Mono<Void> whole(HttpServerResponse response, boolean chat, String model, StubOptions options,
                             Duration firstByteDelay) {
        int chunks = options.integer("chunks", 3);
        String text = String.join("", pieces(options, chunks));
        String id = (chat ? "chatcmpl-stub-" : "cmpl-stub-") + ids.incrementAndGet();
        ObjectNode answer = base(chat, id, System.currentTimeMillis() / 1000, model, false);
        answer.put("object", chat ? "chat.completion" : "text_completion");
        ObjectNode choice = answer.putArray("choices").addObject().put("index", 0);
        if (chat) {
            choice.putObject("message").put("role", "assistant").put("content", text.toString()).putNull("refusal");
        } else {
            choice.put("text", text.toString());
        }
        choice.putNull("logprobs").put("finish_reason", "stop");
        if (!options.flag("noUsage")) {
            answer.set("usage", usage(chunks));
        }
        if (options.integer("stallAfter", -1) >= 0) {
            return Mono.never();
        }
        Duration delay = firstByteDelay.plus(Duration.ofMillis((long) options.integer("chunkDelayMs", 0) * chunks));
        return json(response, answer, delay);
    }

    /**
     * The content pieces of an answer: {@code "tok<i> "}, or the {@code say} text spread over the chunks, wrapped in
     * a markdown fence when asked.
     */
    private static List<String> pieces(StubOptions options, int chunks) {
        List<String> pieces = new ArrayList<>();
        if (options.flag("fenced")) {
            pieces.add("```java\n");
        }
        String say = options.values().get("say");
        for (int i = 0; i < chunks; i++) {
            if (say == null) {
                pieces.add("tok" + i + " ");
            } else {
                String text = java.net.URLDecoder.decode(say, java.nio.charset.StandardCharsets.UTF_8);
                pieces.add(text.substring(text.length() * i / chunks, text.length() * (i + 1) / chunks));
            }
        }
        if (options.flag("fenced")) {
            pieces.add("\n```");
        }
        return pieces;
    }

    private static ObjectNode chunk(boolean chat, String id, long created, String model, boolean first, String content,
                                    String finishReason, boolean includeUsage) {
        ObjectNode chunk = base(chat, id, created, model, true);
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        if (chat) {
            ObjectNode delta = choice.putObject("delta");
            if (first) {
                delta.put("role", "assistant");
            }
            if (content != null) {
                delta.put("content", content);
            }
        } else {
            choice.put("text", content == null ? "" : content);
        }
        choice.putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        if (includeUsage) {
            chunk.putNull("usage");
        }
        return chunk;
    }

    private static ObjectNode base(boolean chat, String id, long created, String model, boolean streamed) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", id)
                .put("object", chat ? (streamed ? "chat.completion.chunk" : "chat.completion") : "text_completion")
                .put("created", created)
                .put("model", model)
                .putNull("system_fingerprint");
        return node;
    }

    private static ObjectNode usage(int completionTokens) {
        return JSON.createObjectNode().put("prompt_tokens", PROMPT_TOKENS).put("completion_tokens", completionTokens)
                .put("total_tokens", PROMPT_TOKENS + completionTokens);
    }

    private static ObjectNode models() {
        ObjectNode list = JSON.createObjectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        for (String id : List.of(MODEL, MODEL + "-mini")) {
            data.addObject().put("id", id).put("object", "model").put("created", 1700000000L).put("owned_by", "stub");
        }
        return list;
    }

    private static String event(JsonNode data) {
        return "data: " + data + "\n\n";
    }

    private static Mono<Void> json(HttpServerResponse response, JsonNode body, Duration delay) {
        Mono<String> payload = Mono.just(body.toString());
        return response.status(200).header("Content-Type", "application/json")
                .sendString(delay.isZero() ? payload : payload.delaySubscription(delay), StandardCharsets.UTF_8)
                .then();
    }

    private static Mono<Void> error(HttpServerResponse response, int status, String message, String type,
                                    String code) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error").put("message", message).put("type", type).putNull("param");
        if (code == null) {
            error.putNull("code");
        } else {
            error.put("code", code);
        }
        return response.status(status).header("Content-Type", "application/json")
                .sendString(Mono.just(body.toString()), StandardCharsets.UTF_8).then();
    }

    private static JsonNode parse(String body) {
        if (body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
