package io.aicockpit.aiworker.assist;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aicockpit.aiworker.caller.AiCallers;
import io.aicockpit.aiworker.catalog.AiServiceCatalog;
import io.aicockpit.aiworker.catalog.TenantServices;
import io.aicockpit.aiworker.catalog.UpstreamService;
import io.aicockpit.aiworker.metering.MeteredRequest;
import io.aicockpit.aiworker.metering.UsageOutcome;
import io.aicockpit.aiworker.relay.BoundedBody;
import io.aicockpit.aiworker.relay.ModelCalls;
import io.aicockpit.coreapi.identity.InternalIdentity;
import io.aicockpit.support.problem.ProblemType;
import java.io.IOException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the assist features share around a request: the caller (under {@link AiCallers}' rules), its request id,
 * the bounded and strictly parsed body, the workspace's visibility and the tenant's services, and the way answers,
 * model failures, streamed deltas and problems are written. Prompts and code are never logged.
 */
@Component
class AssistExchange {
    private static final Logger log = LoggerFactory.getLogger(AssistExchange.class);
    /** What the meter reports for a client that went away: nginx's "client closed request". */
    static final int CLIENT_CLOSED = 499;
    private static final String REQUEST_ID = AssistExchange.class.getName() + ".requestId";

    private final AiCallers callers;
    private final WorkspaceAccess workspaces;
    private final AiServiceCatalog catalog;
    private final ObjectMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    AssistExchange(AiCallers callers, WorkspaceAccess workspaces, AiServiceCatalog catalog) {
        this.callers = callers;
        this.workspaces = workspaces;
        this.catalog = catalog;
    }

    /** What every model call of the assist knows once the caller, body, workspace and services are settled. */
    record Context<T>(InternalIdentity caller, String token, String requestId, T body, VisibleWorkspace workspace,
                      TenantServices services, UpstreamService active) {}

    /** A caller of the workspace API with its token and request id (remembered for the problem body). */
    record Caller(InternalIdentity identity, String token, String requestId) {}

    /**
     * Settles an AI request: the caller may ask models, the body parses as {@code type} and {@code validate}
     * accepts it, the workspace is visible to the caller, and the tenant has an active service.
     */
    <T> Mono<Context<T>> prepare(ServerRequest request, Class<T> type, Function<T, T> validate) {
        return Mono.defer(() -> {
            Caller caller = caller(request, AiCallers.Purpose.AI_REQUEST);
            String workspaceId = request.pathVariable("workspaceId");
            return readBody(request, type, validate)
                    .flatMap(body -> workspaces.visible(workspaceId, caller.token(), caller.requestId())
                            .zipWith(catalog.servicesOf(caller.identity().tenantId()))
                            .map(visibleAndServices -> {
                                TenantServices services = visibleAndServices.getT2();
                                if (services.active() == null) {
                                    throw new AssistProblem(ProblemType.NO_ACTIVE_AI_SERVICE,
                                            "Your organization has no active AI service. An org admin can connect"
                                                    + " one and make it active (PUT /api/v1/ai-services/active).");
                                }
                                return new Context<>(caller.identity(), caller.token(), caller.requestId(), body,
                                        visibleAndServices.getT1(), services, services.active());
                            }));
        });
    }

    /** The verified caller allowed {@code purpose}, or the 401/403 problem. */
    Caller caller(ServerRequest request, AiCallers.Purpose purpose) {
        InternalIdentity identity;
        try {
            identity = callers.require(request, purpose);
        } catch (AiCallers.Refused refused) {
            throw switch (refused.reason()) {
                case UNAUTHENTICATED -> new AssistProblem(ProblemType.UNAUTHENTICATED,
                        "The request carries no valid identity.");
                case NO_TENANT, ROLE -> new AssistProblem(ProblemType.FORBIDDEN, refused.getMessage());
            };
        }
        String requestId = AiCallers.requestId(request, identity);
        request.exchange().getAttributes().put(REQUEST_ID, requestId);
        return new Caller(identity, request.headers().firstHeader(InternalIdentity.HEADER), requestId);
    }

    /** Visible to the caller and running, or the 404/409 problem. */
    Mono<VisibleWorkspace> runningWorkspace(ServerRequest request, Caller caller) {
        return workspaces.visible(request.pathVariable("workspaceId"), caller.token(), caller.requestId())
                .filter(VisibleWorkspace::running)
                .switchIfEmpty(Mono.error(() -> new AssistProblem(ProblemType.WORKSPACE_NOT_RUNNING,
                        "The workspace is not running; start it, then confirm the command again.")));
    }

    /** The body, at most {@link AssistValidation#MAX_BODY_BYTES}, parsed strictly as {@code type} and validated. */
    <T> Mono<T> readBody(ServerRequest request, Class<T> type, Function<T, T> validate) {
        return BoundedBody.read(request, AssistValidation.MAX_BODY_BYTES, AssistValidation::tooLarge,
                        () -> AssistProblem.invalid(null, "The request has no body."))
                .map(bytes -> validate.apply(parse(bytes, type)));
    }

    private <T> T parse(byte[] bytes, Class<T> type) {
        try {
            T value = json.readValue(bytes, type);
            if (value == null) {
                throw AssistProblem.invalid(null, "The request body must be a JSON object.");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw AssistProblem.invalid(e.getPropertyName(), "Unknown field '" + e.getPropertyName() + "'.");
        } catch (IOException e) {
            throw AssistProblem.invalid(null, "The request body is not valid JSON of the expected shape.");
        }
    }

    /** Meters a failed model call and turns it into the problem the client gets. */
    Mono<ServerResponse> modelFailure(Throwable error, MeteredRequest metered) {
        if (error instanceof AssistProblem problem) {
            metered.finish(UsageOutcome.FAILED, problem.status);
            return Mono.error(problem);
        }
        ModelCalls.Failure failure = ModelCalls.describe(error);
        if (failure.status() == 500) {
            log.atError().addKeyValue("requestId", metered.requestId()).setCause(error).log("AI assist failed");
        } else {
            log.atWarn().addKeyValue("requestId", metered.requestId()).addKeyValue("reason", error.getMessage())
                    .log("AI assist request failed");
        }
        metered.finish(failure.status() == 429 ? UsageOutcome.REFUSED : UsageOutcome.FAILED, failure.status());
        return Mono.error(new AssistProblem(failure.type(), failure.message()));
    }

    /** The answer as {@code delta} events (through {@code fences} when given), then {@code done} or {@code error}. */
    Flux<ServerSentEvent<String>> deltaEvents(Flux<String> deltas, FenceStripper fences, MeteredRequest metered,
                                              String feature) {
        Flux<String> texts = fences == null ? deltas
                : deltas.map(fences::next).concatWith(Mono.fromSupplier(fences::finish));
        return texts
                .filter(text -> !text.isEmpty())
                .map(text -> ServerSentEvent.builder(delta(text)).event("delta").build())
                .concatWith(Mono.fromSupplier(() -> {
                    metered.finish(UsageOutcome.SUCCEEDED, 200);
                    return ServerSentEvent.builder("{}").event("done").build();
                }))
                .onErrorResume(error -> Mono.fromSupplier(() -> {
                    ModelCalls.Failure failure = ModelCalls.describe(error);
                    log.atWarn().addKeyValue("requestId", metered.requestId())
                            .addKeyValue("feature", feature).addKeyValue("reason", error.getMessage())
                            .log("AI answer stream broke off");
                    metered.finish(UsageOutcome.FAILED, failure.status());
                    ObjectNode data = JsonNodeFactory.instance.objectNode()
                            .put("type", failure.type().uri().toString())
                            .put("status", failure.status())
                            .put("detail", "The AI service's answer broke off; it is incomplete.")
                            .put("requestId", metered.requestId());
                    return ServerSentEvent.builder(data.toString()).event("error").build();
                }))
                .doOnCancel(() -> metered.finish(UsageOutcome.CANCELLED, CLIENT_CLOSED));
    }

    private static String delta(String text) {
        return JsonNodeFactory.instance.objectNode().put("text", text).toString();
    }

    /** A 200 answer with a streamed body's headers: no caching, no proxy buffering. */
    static ServerResponse.BodyBuilder eventStream() {
        return ServerResponse.ok().contentType(MediaType.TEXT_EVENT_STREAM)
                .header("Cache-Control", "no-cache")
                .header("X-Accel-Buffering", "no");
    }

    static Mono<ServerResponse> ok(Object body) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }

    /** The problem+json answer, with the request id and the field at fault. */
    Mono<ServerResponse> problem(AssistProblem problem, ServerRequest request) {
        ObjectNode body = JsonNodeFactory.instance.objectNode()
                .put("type", problem.type.uri().toString())
                .put("title", problem.type.title())
                .put("status", problem.status)
                .put("detail", problem.getMessage())
                .put("requestId", requestIdOf(request));
        if (problem.field != null) {
            body.putArray("errors").addObject().put("field", problem.field).put("reason", problem.getMessage());
        }
        return ServerResponse.status(problem.status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(body.toString());
    }

    private static String requestIdOf(ServerRequest request) {
        if (request.exchange().getAttribute(REQUEST_ID) instanceof String known) {
            return known;
        }
        String header = request.headers().firstHeader("X-Request-Id");
        return header != null && !header.isBlank() ? header : request.exchange().getRequest().getId();
    }
}
