package io.aicockpit.aiworker.relay;

import io.aicockpit.coreapi.identity.InternalIdentity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/** A plain HTTP client of ai-worker's OpenAI endpoints that sees the raw bytes, as a curl -N would. */
final class OpenAiClient {
    final WebClient web;

    OpenAiClient(int port) {
        this.web = WebClient.builder().baseUrl("http://127.0.0.1:" + port)
                .codecs(c -> c.defaultCodecs().maxInMemorySize(4 * 1024 * 1024)).build();
    }

    /** The raw response body chunks of a POST, as they arrive. */
    Flux<String> postRaw(String path, String token, String json) {
        return web.post().uri(path).header(InternalIdentity.HEADER, token).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json).retrieve().bodyToFlux(DataBuffer.class).map(buffer -> {
                    String text = buffer.toString(StandardCharsets.UTF_8);
                    DataBufferUtils.release(buffer);
                    return text;
                });
    }

    /** Status and body of a request that answers one document. */
    Answer post(String path, String token, String json) {
        return web.post().uri(path).headers(h -> {
                    if (token != null) {
                        h.set(InternalIdentity.HEADER, token);
                    }
                }).contentType(MediaType.APPLICATION_JSON).bodyValue(json)
                .exchangeToMono(r -> r.bodyToMono(String.class).defaultIfEmpty("")
                        .map(body -> new Answer(r.statusCode().value(), r.headers().contentType()
                                .map(MediaType::toString).orElse(""), body, r.headers().asHttpHeaders())))
                .block(Duration.ofSeconds(30));
    }

    Answer get(String path, String token) {
        return web.get().uri(path).header(InternalIdentity.HEADER, token)
                .exchangeToMono(r -> r.bodyToMono(String.class).defaultIfEmpty("")
                        .map(body -> new Answer(r.statusCode().value(), "", body, r.headers().asHttpHeaders())))
                .block(Duration.ofSeconds(30));
    }

    static String chat(String model, boolean stream, boolean includeUsage) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream
                + (includeUsage ? ",\"stream_options\":{\"include_usage\":true}" : "")
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"say hello to the secret garden\"}]}";
    }

    /** The data payloads of an SSE body. */
    static List<String> dataLines(String sse) {
        return sse.lines().filter(line -> line.startsWith("data: ")).map(line -> line.substring(6)).toList();
    }

    record Answer(int status, String contentType, String body, HttpHeaders headers) {}
}
