package io.aicockpit.aiworker.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aicockpit.aiworker.AiWorkerProperties;
import io.aicockpit.aiworker.caller.AiCallers;
import io.aicockpit.aiworker.catalog.AiServiceCatalog;
import io.aicockpit.aiworker.catalog.TenantServices;
import io.aicockpit.aiworker.catalog.UpstreamService;
import io.aicockpit.aiworker.metering.MeteredRequest;
import io.aicockpit.aiworker.metering.UsageMeter;
import io.aicockpit.aiworker.metering.UsageOutcome;
import io.aicockpit.coreapi.aiservice.AiServiceKind;
import io.aicockpit.coreapi.identity.InternalIdentity;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Serves the OpenAI-compatible endpoints for the calling tenant. A streamed answer is relayed event by event as the
 * upstream sends it, without waiting: events that arrive together are written back to back and leave in one flush
 * (Reactor Netty flushes when its queue runs dry), while a lone event leaves at once, so the first token is never
 * held back; the HTTP status is chosen only when the first event (or the final
 * failure) is known, so a call that fails before its first byte answers with a real error status, while one that
 * fails later ends its stream with an error event. Cancelling the client's request cancels the upstream call.
 */
@Component
class RelayHandler {
    private static final Logger log = LoggerFactory.getLogger(RelayHandler.class);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);
    /** What the meter reports for a client that went away: nginx's "client closed request". */
    private static final int CLIENT_CLOSED = 499;

    private final AiCallers callers;
    private final AiServiceCatalog catalog;
    private final ResilientUpstream upstream;
    private final UpstreamClient client;
    private final UsageMeter meter;
    private final int maxRequestBytes;
    private final ObjectMapper json = JsonMapper.builder().build();

    RelayHandler(AiCallers callers, AiServiceCatalog catalog, ResilientUpstream upstream,
                 UpstreamClient client, UsageMeter meter, AiWorkerProperties properties) {
        this.callers = callers;
        this.catalog = catalog;
        this.upstream = upstream;
        this.client = client;
        this.meter = meter;
        this.maxRequestBytes = (int) properties.maxRequestSize().toBytes();
    }

    Mono<ServerResponse> complete(ServerRequest request, OpenAiEndpoint endpoint) {
        InternalIdentity caller;
        try {
            caller = caller(request);
        } catch (OpenAiError error) {
            return error.response();
        }
        MeteredRequest metered = meter.start(caller.tenantId(), caller.subject(), requestId(request, caller),
                endpoint.publicPath());
        return readBody(request)
                .map(bytes -> RelayRequest.parse(json, endpoint, bytes))
                .flatMap(parsed -> catalog.servicesOf(caller.tenantId()).flatMap(services -> {
                    UpstreamService active = requireActive(services);
                    metered.model(parsed.modelFor(active));
                    metered.promptChars(parsed.promptChars());
                    return parsed.stream() ? stream(parsed, services, metered) : whole(parsed, services, metered);
                }))
                .onErrorResume(error -> failure(error, metered))
                .doOnCancel(() -> metered.finish(UsageOutcome.CANCELLED, CLIENT_CLOSED));
    }

    /**
     * The models the tenant's active service offers. Azure OpenAI addresses deployments, not models, so for it the
     * list is the configured deployment, which is what a client must send as {@code model}.
     */
    Mono<ServerResponse> models(ServerRequest request) {
        InternalIdentity caller;
        try {
            caller = caller(request);
        } catch (OpenAiError error) {
            return error.response();
        }
        return catalog.servicesOf(caller.tenantId()).flatMap(services -> {
            UpstreamService active = requireActive(services);
            if (active.kind() == AiServiceKind.AZURE_OPENAI) {
                ObjectNode list = json.createObjectNode().put("object", "list");
                list.putArray("data").addObject().put("id", active.azureDeployment()).put("object", "model")
                        .put("created", 0).put("owned_by", "azure");
                return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(list.toString());
            }
            MeteredRequest metered = meter.start(caller.tenantId(), caller.subject(), requestId(request, caller),
                    OpenAiEndpoint.MODELS.publicPath());
            return upstream.call(services, metered, service -> client.call(service, HttpMethod.GET,
                            OpenAiEndpoint.MODELS, null))
                    .collectList()
                    .flatMap(chunks -> {
                        metered.finish(UsageOutcome.SUCCEEDED, 200);
                        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(join(chunks));
                    })
                    .onErrorResume(error -> failure(error, metered));
        }).onErrorResume(OpenAiError.class, OpenAiError::response);
    }

    /** The caller under the shared rules ({@link AiCallers}), refused in OpenAI's error format. */
    private InternalIdentity caller(ServerRequest request) {
        try {
            return callers.require(request, AiCallers.Purpose.AI_REQUEST);
        } catch (AiCallers.Refused refused) {
            throw switch (refused.reason()) {
                case UNAUTHENTICATED -> new OpenAiError(401, "authentication_error", "invalid_identity",
                        refused.getMessage());
                case NO_TENANT -> new OpenAiError(403, "permission_error", "no_tenant", refused.getMessage());
                case ROLE -> new OpenAiError(403, "permission_error", "insufficient_role", refused.getMessage());
            };
        }
    }

    private static String requestId(ServerRequest request, InternalIdentity caller) {
        return AiCallers.requestId(request, caller);
    }

    private static UpstreamService requireActive(TenantServices services) {
        if (services.active() == null) {
            throw new OpenAiError(404, "invalid_request_error", "no_active_ai_service",
                    "Your organization has no active AI service. An org admin can connect one and make it active"
                            + " (PUT /api/v1/ai-services/active).");
        }
        return services.active();
    }

    private Mono<byte[]> readBody(ServerRequest request) {
        return BoundedBody.read(request, maxRequestBytes, this::tooLarge,
                () -> OpenAiError.invalidRequest("invalid_json", null, "The request has no body."));
    }

    private OpenAiError tooLarge() {
        return new OpenAiError(413, "invalid_request_error", "request_too_large",
                "The request body exceeds " + maxRequestBytes + " bytes.");
    }

    /** A non-streamed answer: collected (it is one JSON document), metered, passed through unchanged. */
    private Mono<ServerResponse> whole(RelayRequest request, TenantServices services, MeteredRequest metered) {
        return upstream.call(services, metered, service -> client.call(service, HttpMethod.POST, request.endpoint(),
                        request.bodyFor(json, service)))
                .doOnNext(chunk -> metered.firstToken())
                .collectList()
                .flatMap(chunks -> {
                    byte[] body = join(chunks);
                    meterWholeAnswer(body, metered);
                    metered.finish(UsageOutcome.SUCCEEDED, 200);
                    return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
                });
    }

    private void meterWholeAnswer(byte[] body, MeteredRequest metered) {
        try {
            JsonNode answer = json.readTree(body);
            meterUsage(answer.get("usage"), metered);
            for (JsonNode choice : answer.path("choices")) {
                metered.addCompletionChars(RelayRequest.textLength(choice.path("message").get("content"))
                        + RelayRequest.textLength(choice.get("text")));
            }
        } catch (IOException e) {
            log.atWarn().addKeyValue("requestId", metered.requestId())
                    .log("the AI service's answer is not JSON; relayed as is, tokens not counted");
        }
    }

    private static void meterUsage(JsonNode usage, MeteredRequest metered) {
        if (usage != null && usage.isObject() && usage.has("prompt_tokens")) {
            metered.usage(usage.path("prompt_tokens").asLong(), usage.path("completion_tokens").asLong());
        }
    }

    /**
     * A streamed answer. {@code switchOnFirst} holds the response until the first event or the final failure: with
     * {@code cancelSourceOnComplete=false} the upstream stays subscribed while the response is handed to WebFlux,
     * which then subscribes the body and gets the first event replayed.
     */
    private Mono<ServerResponse> stream(RelayRequest request, TenantServices services, MeteredRequest metered) {
        Flux<ServerSentEvent<String>> events = upstream.call(services, metered,
                service -> client.stream(service, request.endpoint(), request.bodyFor(json, service)));
        return events.switchOnFirst((first, all) -> first.isOnError() ? failure(first.getThrowable(), metered)
                        : ServerResponse.ok().contentType(MediaType.TEXT_EVENT_STREAM)
                                .header("Cache-Control", "no-cache")
                                .header("X-Accel-Buffering", "no")
                                .body((message, context) -> message.writeWith(
                                        relay(all, request, metered, message.bufferFactory()))),
                        false)
                .singleOrEmpty();
    }

    private Flux<DataBuffer> relay(Flux<ServerSentEvent<String>> events, RelayRequest request, MeteredRequest metered,
                                   DataBufferFactory buffers) {
        return events.<DataBuffer>handle((event, sink) -> {
                    byte[] out = relayEvent(event, request, metered);
                    if (out != null) {
                        sink.next(buffers.wrap(out));
                    }
                })
                .concatWith(Mono.fromSupplier(() -> {
                    metered.finish(UsageOutcome.SUCCEEDED, 200);
                    return buffers.wrap(DONE);
                }))
                .onErrorResume(error -> Mono.fromSupplier(() -> {
                    logFailure(error, metered);
                    metered.finish(UsageOutcome.FAILED, 200);
                    return buffers.wrap(errorEvent(error));
                }))
                .doOnCancel(() -> metered.finish(UsageOutcome.CANCELLED, CLIENT_CLOSED));
    }

    /** The bytes to send for one upstream event, or null to drop it (keep-alives, [DONE], an unasked usage chunk). */
    private byte[] relayEvent(ServerSentEvent<String> event, RelayRequest request, MeteredRequest metered) {
        String data = event.data();
        if (data == null || data.isBlank() || data.strip().equals("[DONE]")) {
            return null;
        }
        JsonNode chunk;
        try {
            chunk = json.readTree(data);
        } catch (IOException e) {
            throw new UpstreamFailure(UpstreamFailure.Kind.BROKEN, "the AI service sent a malformed event");
        }
        JsonNode usage = chunk.get("usage");
        meterUsage(usage, metered);
        JsonNode choices = chunk.get("choices");
        boolean hasChoices = choices instanceof ArrayNode array && !array.isEmpty();
        if (hasChoices) {
            for (JsonNode choice : choices) {
                metered.addCompletionChars(RelayRequest.textLength(choice.path("delta").get("content"))
                        + RelayRequest.textLength(choice.get("text")));
            }
        } else if (usage != null && usage.isObject() && !request.clientWantsUsage()) {
            return null;
        }
        metered.firstToken();
        return ("data: " + data.replace("\n", "\ndata: ") + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] errorEvent(Throwable error) {
        OpenAiError openAi = error instanceof UpstreamFailure failure && failure.kind == UpstreamFailure.Kind.STALLED
                ? new OpenAiError(504, "server_error", "upstream_stalled",
                        "The AI service stopped sending; the answer is incomplete.")
                : new OpenAiError(502, "server_error", "upstream_stream_broken",
                        "The AI service's answer broke off; it is incomplete.");
        return ("data: " + openAi.body() + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The answer for a request that failed before anything was sent to the client. */
    private Mono<ServerResponse> failure(Throwable error, MeteredRequest metered) {
        OpenAiError openAi = toOpenAiError(error);
        if (!(error instanceof OpenAiError)) {
            logFailure(error, metered);
        }
        boolean refused = error instanceof BulkheadFullException
                || error instanceof UpstreamFailure failure && failure.kind == UpstreamFailure.Kind.SATURATED
                || error instanceof OpenAiError && openAi.status != 413 && openAi.status < 500;
        metered.finish(refused ? UsageOutcome.REFUSED : UsageOutcome.FAILED, openAi.status);
        return openAi.response();
    }

    private OpenAiError toOpenAiError(Throwable error) {
        return switch (error) {
            case OpenAiError openAi -> openAi;
            case BulkheadFullException ignored -> new OpenAiError(429, "rate_limit_error",
                    "too_many_concurrent_requests", null,
                    "Your organization has too many AI requests in flight; retry when some have finished.", "1");
            case CallNotPermittedException ignored -> new OpenAiError(503, "server_error", "ai_service_unavailable",
                    null, "The AI service keeps failing and is paused for a moment; retry shortly.", "5");
            case UpstreamFailure failure -> switch (failure.kind) {
                case CLIENT_ERROR -> clientError(failure);
                case SERVER_ERROR -> new OpenAiError(502, "server_error", "upstream_error",
                        "The AI service failed (HTTP " + failure.status + ").");
                case FIRST_BYTE_TIMEOUT -> new OpenAiError(504, "server_error", "upstream_timeout",
                        "The AI service did not answer in time.");
                case STALLED -> new OpenAiError(504, "server_error", "upstream_stalled",
                        "The AI service stopped sending; the answer is incomplete.");
                case CONNECT, BROKEN -> new OpenAiError(502, "server_error", "upstream_unreachable",
                        "The AI service could not be reached.");
                case UNUSABLE -> new OpenAiError(502, "server_error", "ai_service_misconfigured",
                        "The AI service cannot be used: " + failure.getMessage() + ".");
                case SATURATED -> new OpenAiError(503, "server_error", "relay_overloaded", null,
                        "The AI relay is overloaded; retry shortly.", "1");
            };
            default -> new OpenAiError(500, "server_error", "internal_error", "The AI relay failed.");
        };
    }

    /**
     * A 4xx from the upstream goes back with its status and message, since it usually describes the client's own
     * request (unknown model, too many tokens); a 429 keeps the upstream's {@code Retry-After}, so clients back off
     * as long as the service asks. 401/403 are about the key the org admin configured, not about the
     * caller, so they become a 502 that says so, without the upstream's text (which may quote the key).
     */
    private OpenAiError clientError(UpstreamFailure failure) {
        if (failure.status == 401 || failure.status == 403) {
            return new OpenAiError(502, "server_error", "upstream_auth_failed",
                    "The AI service rejected the credentials configured for it; an org admin should check its API key.");
        }
        String message = "The AI service refused the request (HTTP " + failure.status + ").";
        String type = "invalid_request_error";
        String code = null;
        String param = null;
        try {
            JsonNode error = failure.upstreamBody == null ? null : json.readTree(failure.upstreamBody).get("error");
            if (error != null && error.isObject()) {
                message = error.path("message").asText(message);
                type = error.path("type").asText(type);
                code = error.path("code").isNull() ? null : error.path("code").asText(null);
                param = error.path("param").isNull() ? null : error.path("param").asText(null);
            }
        } catch (IOException e) {
            // not JSON: the generic message stands
        }
        return new OpenAiError(failure.status, type, code, param, message, failure.retryAfter);
    }

    private static void logFailure(Throwable error, MeteredRequest metered) {
        if (error instanceof UpstreamFailure || error instanceof CallNotPermittedException
                || error instanceof BulkheadFullException) {
            log.atWarn().addKeyValue("requestId", metered.requestId())
                    .addKeyValue("reason", error.getMessage()).log("AI request failed");
        } else if (!(error instanceof OpenAiError)) {
            log.atError().addKeyValue("requestId", metered.requestId()).setCause(error).log("AI relay failed");
        }
    }

    private static byte[] join(List<byte[]> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunks.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
