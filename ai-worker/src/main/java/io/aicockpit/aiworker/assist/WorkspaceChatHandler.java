package io.aicockpit.aiworker.assist;

import static io.aicockpit.aiworker.assist.AssistExchange.CLIENT_CLOSED;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aicockpit.aiworker.AiWorkerProperties;
import io.aicockpit.aiworker.metering.MeteredRequest;
import io.aicockpit.aiworker.metering.UsageMeter;
import io.aicockpit.aiworker.metering.UsageOutcome;
import io.aicockpit.aiworker.relay.ModelCalls;
import io.aicockpit.support.audit.AuditDetailHeader;
import java.util.List;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Chat about the workspace ({@code assist.chat}): the files the user {@code @mentions} are read from the workspace
 * (through its node, with the caller's identity) and put into the prompt, size-capped. The answer streams as
 * server-sent events: first {@code context} (which files went in, which could not be read and why), then
 * {@code delta} events, then {@code done} (or {@code error} if the model's answer broke off).
 */
@Component
class WorkspaceChatHandler {
    private final AssistExchange exchange;
    private final ModelCalls models;
    private final UsageMeter meter;
    private final WorkspaceNodes nodes;
    private final AiWorkerProperties.ChatSettings chatLimits;

    WorkspaceChatHandler(AssistExchange exchange, ModelCalls models, UsageMeter meter, WorkspaceNodes nodes,
                         AiWorkerProperties properties) {
        this.exchange = exchange;
        this.models = models;
        this.meter = meter;
        this.nodes = nodes;
        this.chatLimits = properties.chat();
    }

    Mono<ServerResponse> chat(ServerRequest request) {
        return exchange.prepare(request, ChatRequest.class, ChatRequest::validated).flatMap(context ->
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
                                    ? exchange.modelFailure(first.getThrowable(), metered)
                                    : AssistExchange.eventStream()
                                            .header(AuditDetailHeader.HEADER, AuditDetailHeader.of("mentions",
                                                    String.join(" ", files.paths())))
                                            .body(BodyInserters.fromServerSentEvents(Flux.concat(
                                                    Mono.just(contextEvent),
                                                    exchange.deltaEvents(all, null, metered, "chat")))),
                            false)
                            .singleOrEmpty()
                            .doOnCancel(() -> metered.finish(UsageOutcome.CANCELLED, CLIENT_CLOSED));
                })).onErrorResume(AssistProblem.class, problem -> exchange.problem(problem, request));
    }

    /** The mentioned files read from the workspace, and the prompt text and client event describing them. */
    private record ChatFiles(String prompt, ObjectNode event, List<String> paths) {}

    private Mono<ChatFiles> chatContext(AssistExchange.Context<ChatRequest> context) {
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
}
