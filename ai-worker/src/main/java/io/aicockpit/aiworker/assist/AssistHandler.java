package io.aicockpit.aiworker.assist;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aicockpit.aiworker.AiWorkerProperties;
import io.aicockpit.aiworker.catalog.AiServiceCatalog;
import io.aicockpit.aiworker.catalog.TenantServices;
import io.aicockpit.aiworker.catalog.UpstreamService;
import io.aicockpit.aiworker.metering.MeteredRequest;
import io.aicockpit.aiworker.metering.UsageMeter;
import io.aicockpit.aiworker.metering.UsageOutcome;
import io.aicockpit.aiworker.relay.BoundedBody;
import io.aicockpit.aiworker.relay.ModelCalls;
import io.aicockpit.coreapi.identity.InternalIdentity;
import io.aicockpit.support.audit.AuditDetailHeader;
import io.aicockpit.support.identity.InternalIdentityVerifier;
import io.aicockpit.support.identity.InvalidIdentityToken;
import io.aicockpit.support.problem.ProblemType;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Serves the workspace AI assist endpoints. Each request: verify the caller (same rules as {@code /v1}), parse and
 * size-check the body, ask query-side whether the workspace is visible, resolve the tenant's services, then call the
 * model through the relay's resilience and metering (endpoint {@code assist.complete}, {@code assist.edit},
 * {@code assist.command}). A client that goes away cancels the upstream call. Prompts and code are never logged.
 */
@Component
class AssistHandler {
    private static final Logger log = LoggerFactory.getLogger(AssistHandler.class);
    private static final Set<String> AI_ROLES = Set.of("DEVELOPER", "ORG_ADMIN", "INTEGRATION");
    /** Running a command is a person's decision: integrations may ask for suggestions but not run them. */
    private static final Set<String> RUN_ROLES = Set.of("DEVELOPER", "ORG_ADMIN");
    static final int MAX_CODE_BYTES = 64 * 1024;
    /** The body also carries JSON escaping and field names around the capped code. */
    private static final int MAX_BODY_BYTES = 4 * MAX_CODE_BYTES;
    private static final int CLIENT_CLOSED = 499;
    private static final String REQUEST_ID = AssistHandler.class.getName() + ".requestId";
    private static final MediaType PROBLEM = MediaType.APPLICATION_PROBLEM_JSON;

    private final InternalIdentityVerifier verifier;
    private final WorkspaceAccess workspaces;
    private final AiServiceCatalog catalog;
    private final ModelCalls models;
    private final UsageMeter meter;
    private final CompletionCache cache;
    private final WorkspaceNodes nodes;
    private final CommandSuggestions suggestions;
    private final AiWorkerProperties.ChatSettings chatLimits;
    private final ObjectMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    AssistHandler(InternalIdentityVerifier verifier, WorkspaceAccess workspaces, AiServiceCatalog catalog,
                  ModelCalls models, UsageMeter meter, CompletionCache cache, WorkspaceNodes nodes,
                  CommandSuggestions suggestions, AiWorkerProperties properties) {
        this.verifier = verifier;
        this.workspaces = workspaces;
        this.catalog = catalog;
        this.models = models;
        this.meter = meter;
        this.cache = cache;
        this.nodes = nodes;
        this.suggestions = suggestions;
        this.chatLimits = properties.chat();
    }

    /** What every assist call knows once the caller, body, workspace and services are settled. */
    private record Context<T>(InternalIdentity caller, String token, String requestId, T body,
                              VisibleWorkspace workspace, TenantServices services, UpstreamService active) {}

    Mono<ServerResponse> complete(ServerRequest request) {
        return prepare(request, CompletionRequest.class, AssistHandler::validate).flatMap(context -> {
            CompletionRequest body = context.body();
            String model = context.active().defaultModel();
            FimTemplate fim = FimTemplate.forModel(model);
            String prompt = fim != null ? fim.prompt(body) : AssistPrompts.completionUser(body);
            String key = CompletionCache.key(context.caller().tenantId(), model, fim == null ? "chat" : fim.name(),
                    prompt);
            MeteredRequest metered = meter.start(context.caller().tenantId(), context.caller().subject(),
                    context.requestId(), "assist.complete");
            metered.model(model);
            String cached = cache.get(key);
            if (cached != null) {
                // a cache hit is metered with zero tokens, so usage reports still show the request
                metered.usage(0, 0);
                metered.finish(UsageOutcome.SUCCEEDED, 200);
                return ok(Map.of("completion", cached));
            }
            metered.promptChars(prompt.length() + (fim == null ? AssistPrompts.COMPLETION_SYSTEM.length() : 0));
            Mono<String> answer = fim != null
                    ? models.completion(context.services(), metered, service -> fimBody(service, prompt, fim, body))
                    : models.chat(context.services(), metered, service -> AssistPrompts.chatBody(
                            service.defaultModel(), AssistPrompts.COMPLETION_SYSTEM, prompt, body.maxTokens()));
            return answer.map(AssistPrompts::unfence)
                    .flatMap(completion -> {
                        cache.put(key, completion);
                        metered.finish(UsageOutcome.SUCCEEDED, 200);
                        return ok(Map.of("completion", completion));
                    })
                    .onErrorResume(error -> modelFailure(error, metered))
                    .doOnCancel(() -> metered.finish(UsageOutcome.CANCELLED, CLIENT_CLOSED));
        }).onErrorResume(AssistProblem.class, problem -> problem(problem, request));
    }

    Mono<ServerResponse> edit(ServerRequest request) {
        return prepare(request, EditRequest.class, AssistHandler::validate).flatMap(context -> {
            EditRequest body = context.body();
            String user = AssistPrompts.editUser(body);
            MeteredRequest metered = meter.start(context.caller().tenantId(), context.caller().subject(),
                    context.requestId(), "assist.edit");
            metered.model(context.active().defaultModel());
            metered.promptChars(user.length() + AssistPrompts.EDIT_SYSTEM.length());
            int maxTokens = (int) Math.min(4096, Math.max(256, body.selection().length() / 2));
            Flux<String> deltas = models.chatStream(context.services(), metered, service -> AssistPrompts.chatBody(
                    service.defaultModel(), AssistPrompts.EDIT_SYSTEM, user, maxTokens));
            return deltas.switchOnFirst((first, all) -> first.isOnError()
                            ? modelFailure(first.getThrowable(), metered)
                            : ServerResponse.ok().contentType(MediaType.TEXT_EVENT_STREAM)
                                    .header("Cache-Control", "no-cache")
                                    .header("X-Accel-Buffering", "no")
                                    .body(BodyInserters.fromServerSentEvents(
                                            deltaEvents(all, new FenceStripper(), metered, "edit"))),
                    false)
                    .singleOrEmpty()
                    .doOnCancel(() -> metered.finish(UsageOutcome.CANCELLED, CLIENT_CLOSED));
        }).onErrorResume(AssistProblem.class, problem -> problem(problem, request));
    }

    Mono<ServerResponse> command(ServerRequest request) {
        return prepare(request, CommandRequest.class, AssistHandler::validate).flatMap(context -> {
            CommandRequest body = context.body();
            String system = AssistPrompts.commandSystem(body.shell());
            String user = AssistPrompts.commandUser(body);
            MeteredRequest metered = meter.start(context.caller().tenantId(), context.caller().subject(),
                    context.requestId(), "assist.command");
            metered.model(context.active().defaultModel());
            metered.promptChars(system.length() + user.length());
            return models.chat(context.services(), metered, service -> AssistPrompts.chatBody(
                            service.defaultModel(), system, user, 256))
                    .flatMap(answer -> {
                        CommandSuggestion suggestion = AssistPrompts.command(answer);
                        if (suggestion.command() == null) {
                            metered.finish(UsageOutcome.FAILED, 502);
                            return problem(new AssistProblem(ProblemType.AI_SERVICE_FAILED,
                                    "The AI service answered without a command; rephrase the request."), request);
                        }
                        metered.finish(UsageOutcome.SUCCEEDED, 200);
                        return suggestions.store(context.caller(), context.workspace().workspaceId(),
                                        suggestion.command())
                                .flatMap(stored -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                                        .header(AuditDetailHeader.HEADER, AuditDetailHeader.of(
                                                "suggestionId", stored.id().toString(),
                                                "command", suggestion.command()))
                                        .bodyValue(suggestion.stored(stored.id(), stored.expiresAt())));
                    })
                    .onErrorResume(error -> modelFailure(error, metered))
                    .doOnCancel(() -> metered.finish(UsageOutcome.CANCELLED, CLIENT_CLOSED));
        }).onErrorResume(AssistProblem.class, problem -> problem(problem, request));
    }

    /**
     * Chat about the workspace: the files the user {@code @mentions} are read from the workspace (through its node,
     * with the caller's identity) and put into the prompt, size-capped. The answer streams as server-sent events:
     * first {@code context} (which files went in, which could not be read and why), then {@code delta} events,
     * then {@code done} (or {@code error} if the model's answer broke off).
     */
    Mono<ServerResponse> chat(ServerRequest request) {
        return prepare(request, ChatRequest.class, AssistHandler::validate).flatMap(context ->
                chatContext(context).flatMap(files -> {
                    ChatRequest body = context.body();
                    MeteredRequest metered = meter.start(context.caller().tenantId(), context.caller().subject(),
                            context.requestId(), "assist.chat");
                    metered.model(body.model() != null ? body.model() : context.active().defaultModel());
                    ArrayNode messages = AssistPrompts.chatMessages(files.prompt(), body.messages());
                    metered.promptChars(AssistPrompts.length(messages));
                    Flux<String> deltas = models.chatStream(context.services(), metered, service -> {
                        ObjectNode upstream = JsonNodeFactory.instance.objectNode();
                        // the picked model is one of the active service's; a fallback service gets its own default
                        String model = body.model() != null && service == context.active() ? body.model()
                                : service.defaultModel();
                        if (model != null) {
                            upstream.put("model", model);
                        }
                        upstream.set("messages", messages.deepCopy());
                        return upstream.put("max_tokens", body.maxTokens()).put("temperature", 0.2);
                    });
                    ServerSentEvent<String> contextEvent =
                            ServerSentEvent.builder(files.event().toString()).event("context").build();
                    return deltas.switchOnFirst((first, all) -> first.isOnError()
                                    ? modelFailure(first.getThrowable(), metered)
                                    : ServerResponse.ok().contentType(MediaType.TEXT_EVENT_STREAM)
                                            .header("Cache-Control", "no-cache")
                                            .header("X-Accel-Buffering", "no")
                                            .header(AuditDetailHeader.HEADER, AuditDetailHeader.of("mentions",
                                                    String.join(" ", files.paths())))
                                            .body(BodyInserters.fromServerSentEvents(Flux.concat(
                                                    Mono.just(contextEvent),
                                                    deltaEvents(all, null, metered, "chat")))),
                            false)
                            .singleOrEmpty()
                            .doOnCancel(() -> metered.finish(UsageOutcome.CANCELLED, CLIENT_CLOSED));
                })).onErrorResume(AssistProblem.class, problem -> problem(problem, request));
    }

    /** The mentioned files read from the workspace, and the prompt text and client event describing them. */
    private record ChatFiles(String prompt, ObjectNode event, List<String> paths) {}

    private Mono<ChatFiles> chatContext(Context<ChatRequest> context) {
        List<String> mentioned = List.copyOf(Mentions.in(context.body().messages()));
        List<String> read = mentioned.subList(0, Math.min(mentioned.size(), chatLimits.maxMentions()));
        long maxFile = chatLimits.maxFileSize().toBytes();
        return Flux.fromIterable(read)
                .flatMapSequential(path -> nodes.read(context.workspace(), path, maxFile, context.token(),
                        context.requestId()), 4)
                .collectList()
                .map(files -> {
                    ObjectNode event = JsonNodeFactory.instance.objectNode();
                    ArrayNode included = event.putArray("files");
                    ArrayNode missing = event.putArray("missing");
                    StringBuilder prompt = new StringBuilder();
                    long budget = chatLimits.maxContextSize().toBytes();
                    for (WorkspaceNodes.FileRead file : files) {
                        if (!file.ok()) {
                            missing.addObject().put("path", file.path()).put("reason", file.problem())
                                    .put("detail", file.detail());
                            prompt.append(AssistPrompts.unreadableFile(file.path(), file.detail()));
                            continue;
                        }
                        if (budget <= 0) {
                            missing.addObject().put("path", file.path()).put("reason", "context-full")
                                    .put("detail", "The mentioned files already fill the "
                                            + chatLimits.maxContextSize().toKilobytes() + " KB context.");
                            prompt.append(AssistPrompts.unreadableFile(file.path(), "left out, context full"));
                            continue;
                        }
                        String text = AssistPrompts.cutToBytes(file.text(), budget);
                        long bytes = CompletionRequest.utf8(text);
                        boolean truncated = file.truncated() || text.length() < file.text().length();
                        budget -= bytes;
                        included.addObject().put("path", file.path()).put("size", file.size())
                                .put("bytes", bytes).put("truncated", truncated);
                        prompt.append(AssistPrompts.mentionedFile(file.path(), text, truncated, file.size()));
                    }
                    for (String path : mentioned.subList(read.size(), mentioned.size())) {
                        missing.addObject().put("path", path).put("reason", "too-many-mentions")
                                .put("detail", "At most " + chatLimits.maxMentions() + " files per message.");
                    }
                    return new ChatFiles(prompt.toString(), event, mentioned);
                });
    }

    /**
     * Runs a suggested command the user confirmed: only its own caller, in its workspace, once, before it expires.
     * The node runs it as the workspace's user with a timeout and an output cap. The gateway's audit record of this
     * request carries the command and its exit code.
     */
    Mono<ServerResponse> run(ServerRequest request) {
        return Mono.defer(() -> {
            String token = request.headers().firstHeader(InternalIdentity.HEADER);
            InternalIdentity caller = caller(token, RUN_ROLES);
            String requestId = requestId(request, caller);
            request.exchange().getAttributes().put(REQUEST_ID, requestId);
            String workspaceId = request.pathVariable("workspaceId");
            UUID suggestionId = suggestionId(request.pathVariable("suggestionId"));
            return readBody(request)
                    .map(bytes -> validate(parse(bytes, RunRequest.class)))
                    .flatMap(body -> workspaces.visible(workspaceId, token, requestId)
                            .filter(VisibleWorkspace::running)
                            .switchIfEmpty(Mono.error(() -> new AssistProblem(ProblemType.WORKSPACE_NOT_RUNNING,
                                    "The workspace is not running; start it, then confirm the command again.")))
                            .flatMap(workspace -> suggestions.take(caller, workspaceId, suggestionId, requestId)
                                    .flatMap(command -> nodes.run(workspace, command, body.timeoutSeconds(), token,
                                                    requestId)
                                            .onErrorResume(AssistProblem.class, problem ->
                                                    problem.type == ProblemType.WORKSPACE_NODE_UNREACHABLE
                                                            || problem.status == 409 || problem.status == 429
                                                            ? suggestions.release(suggestionId, requestId)
                                                                    .then(Mono.error(problem))
                                                            : Mono.error(problem))
                                            .flatMap(result -> {
                                                log.atInfo().addKeyValue("requestId", requestId)
                                                        .addKeyValue("workspaceId", workspaceId)
                                                        .addKeyValue("suggestionId", suggestionId)
                                                        .addKeyValue("exitCode", result.exitCode())
                                                        .addKeyValue("timedOut", result.timedOut())
                                                        .log("confirmed command ran");
                                                return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                                                        .header(AuditDetailHeader.HEADER, AuditDetailHeader.of(
                                                                "suggestionId", suggestionId.toString(),
                                                                "command", command,
                                                                "exitCode", result.exitCode(),
                                                                "timedOut", result.timedOut()))
                                                        .bodyValue(new RunResponse(suggestionId, command,
                                                                result.exitCode(), result.output(),
                                                                result.truncated(), result.timedOut(),
                                                                result.durationMs()));
                                            }))));
        }).onErrorResume(AssistProblem.class, problem -> problem(problem, request));
    }

    /**
     * The user confirmed a suggested command and the web IDE types it into their open terminal (so its output and
     * prompts are live there): nothing runs here, but the suggestion is used up like a run (once, only its caller,
     * before it expires, workspace running) and the gateway's audit record carries
     * {@code {suggestionId, command, typedIntoTerminal: true}}.
     */
    Mono<ServerResponse> confirm(ServerRequest request) {
        return Mono.defer(() -> {
            String token = request.headers().firstHeader(InternalIdentity.HEADER);
            InternalIdentity caller = caller(token, RUN_ROLES);
            String requestId = requestId(request, caller);
            request.exchange().getAttributes().put(REQUEST_ID, requestId);
            String workspaceId = request.pathVariable("workspaceId");
            UUID suggestionId = suggestionId(request.pathVariable("suggestionId"));
            return workspaces.visible(workspaceId, token, requestId)
                    .filter(VisibleWorkspace::running)
                    .switchIfEmpty(Mono.error(() -> new AssistProblem(ProblemType.WORKSPACE_NOT_RUNNING,
                            "The workspace is not running; start it, then confirm the command again.")))
                    .flatMap(workspace -> suggestions.take(caller, workspaceId, suggestionId, requestId))
                    .flatMap(command -> {
                        log.atInfo().addKeyValue("requestId", requestId).addKeyValue("workspaceId", workspaceId)
                                .addKeyValue("suggestionId", suggestionId)
                                .log("confirmed command typed into the terminal");
                        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                                .header(AuditDetailHeader.HEADER, AuditDetailHeader.of(
                                        "suggestionId", suggestionId.toString(),
                                        "command", command,
                                        "typedIntoTerminal", true))
                                .bodyValue(new ConfirmResponse(suggestionId, command, true));
                    });
        }).onErrorResume(AssistProblem.class, problem -> problem(problem, request));
    }

    /** A confirmation for the terminal: the command the client may now type. */
    record ConfirmResponse(UUID suggestionId, String command, boolean typedIntoTerminal) {}

    /** What a confirmed command did. */
    record RunResponse(UUID suggestionId, String command, Integer exitCode, String output, boolean truncated,
                       boolean timedOut, long durationMs) {}

    private static UUID suggestionId(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new AssistProblem(ProblemType.SUGGESTION_NOT_FOUND, "No command suggestion " + value + ".");
        }
    }

    /** The answer as {@code delta} events (through {@code fences} when given), then {@code done} or {@code error}. */
    private Flux<ServerSentEvent<String>> deltaEvents(Flux<String> deltas, FenceStripper fences,
                                                      MeteredRequest metered, String feature) {
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

    private <T> Mono<Context<T>> prepare(ServerRequest request, Class<T> type, Function<T, T> validate) {
        return Mono.defer(() -> prepared(request, type, validate));
    }

    private <T> Mono<Context<T>> prepared(ServerRequest request, Class<T> type, Function<T, T> validate) {
        String token = request.headers().firstHeader(InternalIdentity.HEADER);
        InternalIdentity caller = caller(token);
        String requestId = requestId(request, caller);
        request.exchange().getAttributes().put(REQUEST_ID, requestId);
        String workspaceId = request.pathVariable("workspaceId");
        return readBody(request)
                .map(bytes -> validate.apply(parse(bytes, type)))
                .flatMap(body -> workspaces.visible(workspaceId, token, requestId)
                        .zipWith(catalog.servicesOf(caller.tenantId()))
                        .map(visibleAndServices -> {
                            VisibleWorkspace workspace = visibleAndServices.getT1();
                            TenantServices services = visibleAndServices.getT2();
                            if (services.active() == null) {
                                throw new AssistProblem(ProblemType.NO_ACTIVE_AI_SERVICE,
                                        "Your organization has no active AI service. An org admin can connect one"
                                                + " and make it active (PUT /api/v1/ai-services/active).");
                            }
                            return new Context<>(caller, token, requestId, body, workspace, services,
                                    services.active());
                        }));
    }

    private InternalIdentity caller(String token) {
        return caller(token, AI_ROLES);
    }

    private InternalIdentity caller(String token, Set<String> allowedRoles) {
        InternalIdentity identity;
        try {
            identity = verifier.verify(token);
        } catch (InvalidIdentityToken e) {
            throw new AssistProblem(ProblemType.UNAUTHENTICATED, "The request carries no valid identity.");
        }
        if (identity.tenantId() == null) {
            throw new AssistProblem(ProblemType.FORBIDDEN,
                    "AI services belong to an organization; platform operators have none.");
        }
        if (identity.roles().stream().noneMatch(allowedRoles::contains)) {
            throw new AssistProblem(ProblemType.FORBIDDEN, allowedRoles == RUN_ROLES
                    ? "Only developers and org admins can run commands in a workspace."
                    : "Your role does not allow AI requests.");
        }
        return identity;
    }

    private static String requestId(ServerRequest request, InternalIdentity caller) {
        String header = request.headers().firstHeader("X-Request-Id");
        return header != null && !header.isBlank() ? header
                : caller.requestId() != null ? caller.requestId() : UUID.randomUUID().toString();
    }

    private Mono<byte[]> readBody(ServerRequest request) {
        return BoundedBody.read(request, MAX_BODY_BYTES, AssistHandler::tooLarge,
                () -> AssistProblem.invalid(null, "The request has no body."));
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

    private static CompletionRequest validate(CompletionRequest request) {
        require(request.prefix() != null, "prefix", "'prefix' is required (it may be empty).");
        require(request.maxTokens() >= 1 && request.maxTokens() <= CompletionRequest.MAX_MAX_TOKENS, "maxTokens",
                "'maxTokens' must be between 1 and " + CompletionRequest.MAX_MAX_TOKENS + ".");
        for (Snippet snippet : request.snippets()) {
            require(snippet != null && snippet.content() != null, "snippets", "Each snippet needs 'content'.");
        }
        capped(request.codeBytes());
        return request;
    }

    private static EditRequest validate(EditRequest request) {
        require(request.instruction() != null && !request.instruction().isBlank(), "instruction",
                "'instruction' is required.");
        capped(request.codeBytes());
        return request;
    }

    private static CommandRequest validate(CommandRequest request) {
        require(request.request() != null && !request.request().isBlank(), "request", "'request' is required.");
        require(!request.shell().contains("\n"), "shell", "'shell' must be a shell name.");
        capped(CompletionRequest.utf8(request.request()) + CompletionRequest.utf8(request.cwd()));
        return request;
    }

    private static ChatRequest validate(ChatRequest request) {
        List<ChatRequest.Message> messages = request.messages();
        require(!messages.isEmpty() && messages.size() <= ChatRequest.MAX_MESSAGES, "messages",
                "'messages' must hold 1 to " + ChatRequest.MAX_MESSAGES + " messages.");
        for (ChatRequest.Message message : messages) {
            require(message != null && ("user".equals(message.role()) || "assistant".equals(message.role())),
                    "messages", "Each message needs 'role' user or assistant.");
            require(message.content() != null, "messages", "Each message needs 'content'.");
        }
        require("user".equals(messages.getLast().role()) && !messages.getLast().content().isBlank(), "messages",
                "The last message must be the user's, and not blank.");
        require(request.maxTokens() >= 1 && request.maxTokens() <= ChatRequest.MAX_MAX_TOKENS, "maxTokens",
                "'maxTokens' must be between 1 and " + ChatRequest.MAX_MAX_TOKENS + ".");
        require(request.model() == null || (!request.model().isBlank()
                        && request.model().length() <= ChatRequest.MAX_MODEL_LENGTH
                        && request.model().chars().noneMatch(Character::isISOControl)), "model",
                "'model' must be a model name of at most " + ChatRequest.MAX_MODEL_LENGTH
                        + " characters (GET /v1/models lists them).");
        if (request.textBytes() > 2L * MAX_CODE_BYTES) {
            throw new AssistProblem(ProblemType.PAYLOAD_TOO_LARGE,
                    "The conversation exceeds " + 2 * MAX_CODE_BYTES + " bytes; start a new one.");
        }
        return request;
    }

    private static RunRequest validate(RunRequest request) {
        if (!Boolean.TRUE.equals(request.confirm())) {
            throw new AssistProblem(ProblemType.CONFIRMATION_REQUIRED, "confirm",
                    "Running a command needs \"confirm\": true, sent after the user saw the command.");
        }
        require(request.timeoutSeconds() >= 1 && request.timeoutSeconds() <= RunRequest.MAX_TIMEOUT_SECONDS,
                "timeoutSeconds", "'timeoutSeconds' must be between 1 and " + RunRequest.MAX_TIMEOUT_SECONDS + ".");
        return request;
    }

    private static void require(boolean condition, String field, String reason) {
        if (!condition) {
            throw AssistProblem.invalid(field, reason);
        }
    }

    private static void capped(long bytes) {
        if (bytes > MAX_CODE_BYTES) {
            throw tooLarge();
        }
    }

    private static AssistProblem tooLarge() {
        return new AssistProblem(ProblemType.PAYLOAD_TOO_LARGE,
                "The code sent (prefix, suffix, snippets, selection) exceeds " + MAX_CODE_BYTES + " bytes.");
    }

    private Mono<ServerResponse> modelFailure(Throwable error, MeteredRequest metered) {
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

    private ObjectNode fimBody(UpstreamService service, String prompt, FimTemplate fim, CompletionRequest request) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (service.defaultModel() != null) {
            body.put("model", service.defaultModel());
        }
        body.put("prompt", prompt).put("max_tokens", request.maxTokens()).put("temperature", 0.2);
        fim.stop.forEach(body.putArray("stop")::add);
        return body;
    }

    private Mono<ServerResponse> ok(Object body) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }

    private Mono<ServerResponse> problem(AssistProblem problem, ServerRequest request) {
        ObjectNode body = JsonNodeFactory.instance.objectNode()
                .put("type", problem.type.uri().toString())
                .put("title", problem.type.title())
                .put("status", problem.status)
                .put("detail", problem.getMessage())
                .put("requestId", requestIdOf(request));
        if (problem.field != null) {
            body.putArray("errors").addObject().put("field", problem.field).put("reason", problem.getMessage());
        }
        return ServerResponse.status(problem.status).contentType(PROBLEM).bodyValue(body.toString());
    }

    private static String requestIdOf(ServerRequest request) {
        if (request.exchange().getAttribute(REQUEST_ID) instanceof String known) {
            return known;
        }
        String header = request.headers().firstHeader("X-Request-Id");
        return header != null && !header.isBlank() ? header
                : request.exchange().getRequest().getId();
    }
}
