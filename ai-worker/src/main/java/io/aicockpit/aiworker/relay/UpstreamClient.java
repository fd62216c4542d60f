package io.aicockpit.aiworker.relay;

import io.aicockpit.aiworker.AiWorkerProperties;
import io.aicockpit.aiworker.catalog.UpstreamService;
import io.aicockpit.coreapi.aiservice.AiServiceKind;
import io.netty.channel.ChannelOption;
import jakarta.annotation.PreDestroy;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquirePendingLimitException;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquireTimeoutException;
import reactor.netty.resources.ConnectionProvider;

/**
 * One attempt against one AI service: builds the URL and auth header for its kind, applies the first-byte and idle
 * timeouts, and classifies what went wrong. Answers arrive as they come (SSE events or body chunks), so nothing is
 * buffered on the way to the client; cancelling the returned flux closes the upstream connection.
 */
@Component
class UpstreamClient {
    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {};
    /** Delay-seconds or an HTTP date (RFC 9110 10.2.3); anything else is not passed on to the client. */
    private static final Pattern RETRY_AFTER = Pattern.compile("\\d{1,9}|[A-Za-z]{3}, \\d{2} [A-Za-z]{3} \\d{4} [0-9:]{8} GMT");

    private final ConnectionProvider pool;
    private final WebClient web;
    private final Duration firstByteTimeout;
    private final Duration idleTimeout;
    private final SchedulingLag lag;
    private final Duration saturationLag;

    UpstreamClient(AiWorkerProperties properties, SchedulingLag lag) {
        this.lag = lag;
        this.saturationLag = properties.saturationLag();
        this.pool = ConnectionProvider.builder("ai-upstream")
                .maxConnections(properties.maxConnections())
                .pendingAcquireTimeout(properties.connectTimeout())
                .maxIdleTime(Duration.ofSeconds(30))
                .build();
        HttpClient http = HttpClient.create(pool)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis());
        this.web = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(http))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize((int) properties.maxResponseSize().toBytes()))
                .build();
        this.firstByteTimeout = properties.firstByteTimeout();
        this.idleTimeout = properties.idleTimeout();
    }

    @PreDestroy
    void close() {
        pool.dispose();
    }

    /** A streamed answer, event by event. */
    Flux<ServerSentEvent<String>> stream(UpstreamService service, OpenAiEndpoint endpoint, byte[] body) {
        return exchange(service, HttpMethod.POST, endpoint, body, MediaType.TEXT_EVENT_STREAM,
                response -> response.bodyToFlux(SSE));
    }

    /** A whole answer, in the chunks it arrives in (joined by the caller). */
    Flux<byte[]> call(UpstreamService service, HttpMethod method, OpenAiEndpoint endpoint, byte[] body) {
        return exchange(service, method, endpoint, body, MediaType.APPLICATION_JSON,
                response -> response.bodyToFlux(DataBuffer.class).map(UpstreamClient::drain));
    }

    static URI uri(UpstreamService service, OpenAiEndpoint endpoint) {
        String base = service.baseUrl().toString().replaceAll("/+$", "");
        if (service.kind() == AiServiceKind.AZURE_OPENAI) {
            return URI.create(base + "/openai/deployments/" + encode(service.azureDeployment()) + endpoint.path
                    + "?api-version=" + encode(service.azureApiVersion()));
        }
        return URI.create(base + endpoint.path);
    }

    private <T> Flux<T> exchange(UpstreamService service, HttpMethod method, OpenAiEndpoint endpoint, byte[] body,
                                 MediaType accept, Function<ClientResponse, Flux<T>> reader) {
        AtomicBoolean started = new AtomicBoolean();
        WebClient.RequestBodySpec request = web.method(method).uri(uri(service, endpoint))
                .accept(accept)
                .headers(headers -> authenticate(service, headers));
        WebClient.RequestHeadersSpec<?> ready = body == null ? request
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
        return ready.exchangeToFlux(response -> response.statusCode().isError()
                        ? response.bodyToMono(String.class).defaultIfEmpty("")
                                .flatMapMany(text -> Flux.error(httpFailure(service, response.statusCode().value(), text,
                                        response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER))))
                        : reader.apply(response))
                .timeout(Mono.delay(firstByteTimeout), item -> Mono.delay(idleTimeout))
                .doOnNext(item -> started.set(true))
                .onErrorMap(error -> {
                    Throwable failure = classify(service, error, started.get());
                    return failure instanceof UpstreamFailure f && f.kind == UpstreamFailure.Kind.FIRST_BYTE_TIMEOUT
                            && lag.recentMax().compareTo(saturationLag) > 0
                            ? UpstreamFailure.firstByteTimeoutWhileSaturated() : failure;
                });
    }

    private static void authenticate(UpstreamService service, HttpHeaders headers) {
        String key = service.apiKey();
        if (key == null || key.isBlank()) {
            return;
        }
        if (service.kind() == AiServiceKind.AZURE_OPENAI) {
            headers.set("api-key", key);
        } else {
            headers.setBearerAuth(key);
        }
    }

    private static UpstreamFailure httpFailure(UpstreamService service, int status, String body, String retryAfter) {
        UpstreamFailure.Kind kind = status >= 500 ? UpstreamFailure.Kind.SERVER_ERROR : UpstreamFailure.Kind.CLIENT_ERROR;
        return new UpstreamFailure(kind, status, "the AI service answered HTTP " + status, scrub(service, body),
                RETRY_AFTER.matcher(retryAfter == null ? "" : retryAfter).matches() ? retryAfter : null);
    }

    static Throwable classify(UpstreamService service, Throwable error, boolean started) {
        if (error instanceof UpstreamFailure) {
            return error;
        }
        if (error instanceof PoolAcquireTimeoutException || error instanceof PoolAcquirePendingLimitException
                || error.getCause() instanceof PoolAcquireTimeoutException
                || error.getCause() instanceof PoolAcquirePendingLimitException) {
            return new UpstreamFailure(UpstreamFailure.Kind.SATURATED,
                    "no connection to the AI service was free in time (this relay is saturated)");
        }
        if (error instanceof TimeoutException) {
            return started
                    ? new UpstreamFailure(UpstreamFailure.Kind.STALLED, "the AI service stopped sending mid-answer")
                    : new UpstreamFailure(UpstreamFailure.Kind.FIRST_BYTE_TIMEOUT,
                            "the AI service sent nothing within the first-byte timeout");
        }
        String reason = scrub(service, error.getClass().getSimpleName());
        if (started) {
            return new UpstreamFailure(UpstreamFailure.Kind.BROKEN, "the AI service's answer broke off (" + reason + ")");
        }
        return new UpstreamFailure(UpstreamFailure.Kind.CONNECT, error instanceof WebClientRequestException
                ? "the AI service could not be reached (" + reason + ")"
                : "the AI service's answer failed before it began (" + reason + ")");
    }

    /** Upstreams echo keys in error messages (OpenAI shows part of a wrong one); none of it may reach a client. */
    static String scrub(UpstreamService service, String text) {
        String key = service.apiKey();
        return key == null || key.isBlank() || text == null ? text : text.replace(key, "***");
    }

    private static byte[] drain(DataBuffer buffer) {
        byte[] bytes = new byte[buffer.readableByteCount()];
        buffer.read(bytes);
        DataBufferUtils.release(buffer);
        return bytes;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
