package io.aicockpit.aiworker.relay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aicockpit.aiworker.catalog.TenantServices;
import io.aicockpit.aiworker.catalog.UpstreamService;
import io.aicockpit.aiworker.metering.MeteredRequest;
import io.aicockpit.support.problem.ProblemType;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.function.Function;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Calls to the tenant's AI service for features built on top of the relay (the workspace AI assist): the same
 * upstream client and resilience (retry before the first byte, circuit breaker, fallback service, bulkhead) and the
 * same metering of tokens as {@code /v1}, without the OpenAI wire format at the edge. The caller starts and finishes
 * the {@link MeteredRequest}; these methods only feed it. The body is built per service because a fallback service
 * may have another default model.
 */
@Component
public class ModelCalls {
    private final ResilientUpstream upstream;
    private final UpstreamClient client;
    private final ObjectMapper json = JsonMapper.builder().build();

    ModelCalls(ResilientUpstream upstream, UpstreamClient client) {
        this.upstream = upstream;
        this.client = client;
    }

    /** Why a model call failed, for the caller's own error format; the message never holds prompts or keys. */
    public record Failure(ProblemType type, String message) {
        public int status() {
            return type.status();
        }
    }

    /** A non-streamed {@code /v1/completions} call (fill-in-the-middle prompts); answers the first choice's text. */
    public Mono<String> completion(TenantServices services, MeteredRequest metered,
                                   Function<UpstreamService, ObjectNode> body) {
        return whole(OpenAiEndpoint.COMPLETIONS, services, metered, body)
                .map(answer -> answer.at("/choices/0/text").asText(""));
    }

    /** A non-streamed {@code /v1/chat/completions} call; answers the first choice's message content. */
    public Mono<String> chat(TenantServices services, MeteredRequest metered,
                             Function<UpstreamService, ObjectNode> body) {
        return whole(OpenAiEndpoint.CHAT_COMPLETIONS, services, metered, body)
                .map(answer -> answer.at("/choices/0/message/content").asText(""));
    }

    /**
     * A streamed {@code /v1/chat/completions} call: the content deltas as they arrive (empty ones dropped). Usage is
     * always requested so the call can be metered. Cancelling the flux cancels the upstream call.
     */
    public Flux<String> chatStream(TenantServices services, MeteredRequest metered,
                                   Function<UpstreamService, ObjectNode> body) {
        return upstream.call(services, metered, service -> {
                    ObjectNode streamed = body.apply(service).put("stream", true);
                    streamed.putObject("stream_options").put("include_usage", true);
                    return client.stream(service, OpenAiEndpoint.CHAT_COMPLETIONS, bytes(streamed));
                })
                .handle((event, sink) -> {
                    String data = event.data();
                    if (data == null || data.isBlank() || data.strip().equals("[DONE]")) {
                        return;
                    }
                    JsonNode chunk;
                    try {
                        chunk = json.readTree(data);
                    } catch (IOException e) {
                        sink.error(new UpstreamFailure(UpstreamFailure.Kind.BROKEN,
                                "the AI service sent a malformed event"));
                        return;
                    }
                    meterUsage(chunk.get("usage"), metered);
                    StringBuilder text = new StringBuilder();
                    for (JsonNode choice : chunk.path("choices")) {
                        JsonNode content = choice.path("delta").get("content");
                        if (content != null && content.isTextual()) {
                            text.append(content.asText());
                        }
                    }
                    if (!text.isEmpty()) {
                        metered.firstToken();
                        metered.addCompletionChars(text.length());
                        sink.next(text.toString());
                    }
                });
    }

    /** The problem type and message for a failed call, as the relay would classify it. */
    public static Failure describe(Throwable error) {
        return switch (error) {
            case BulkheadFullException ignored -> new Failure(ProblemType.TOO_MANY_CONCURRENT_REQUESTS,
                    "Your organization has too many AI requests in flight; retry when some have finished.");
            case CallNotPermittedException ignored -> new Failure(ProblemType.AI_SERVICE_UNAVAILABLE,
                    "The AI service keeps failing and is paused for a moment; retry shortly.");
            case UpstreamFailure failure -> new Failure(ProblemType.AI_SERVICE_FAILED,
                    "The AI service failed: " + failure.getMessage() + ".");
            default -> new Failure(ProblemType.INTERNAL, "The AI call failed.");
        };
    }

    private Mono<JsonNode> whole(OpenAiEndpoint endpoint, TenantServices services, MeteredRequest metered,
                                 Function<UpstreamService, ObjectNode> body) {
        return upstream.call(services, metered, service -> client.call(service, HttpMethod.POST, endpoint,
                        bytes(body.apply(service))))
                .doOnNext(chunk -> metered.firstToken())
                .collect(ByteArrayOutputStream::new, ByteArrayOutputStream::writeBytes)
                .map(out -> {
                    JsonNode answer;
                    try {
                        answer = json.readTree(out.toByteArray());
                    } catch (IOException e) {
                        throw new UpstreamFailure(UpstreamFailure.Kind.BROKEN, "the AI service's answer is not JSON");
                    }
                    meterUsage(answer.get("usage"), metered);
                    for (JsonNode choice : answer.path("choices")) {
                        metered.addCompletionChars(RelayRequest.textLength(choice.path("message").get("content"))
                                + RelayRequest.textLength(choice.get("text")));
                    }
                    return answer;
                });
    }

    private static void meterUsage(JsonNode usage, MeteredRequest metered) {
        if (usage != null && usage.isObject() && usage.has("prompt_tokens")) {
            metered.usage(usage.path("prompt_tokens").asLong(), usage.path("completion_tokens").asLong());
        }
    }

    private byte[] bytes(ObjectNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a model request", e);
        }
    }
}
