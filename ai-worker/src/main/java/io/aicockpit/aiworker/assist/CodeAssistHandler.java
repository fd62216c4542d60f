package io.aicockpit.aiworker.assist;

import static io.aicockpit.aiworker.assist.AssistExchange.CLIENT_CLOSED;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aicockpit.aiworker.catalog.UpstreamService;
import io.aicockpit.aiworker.metering.MeteredRequest;
import io.aicockpit.aiworker.metering.UsageMeter;
import io.aicockpit.aiworker.metering.UsageOutcome;
import io.aicockpit.aiworker.relay.ModelCalls;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Code assist in the editor: inline completions at the cursor ({@code assist.complete}; fill-in-the-middle for
 * models that know it, cached per tenant and prompt) and Ctrl+K edits of a selection ({@code assist.edit},
 * streamed as server-sent events). A client that goes away cancels the upstream call.
 */
@Component
class CodeAssistHandler {
    private final AssistExchange exchange;
    private final ModelCalls models;
    private final UsageMeter meter;
    private final CompletionCache cache;

    CodeAssistHandler(AssistExchange exchange, ModelCalls models, UsageMeter meter, CompletionCache cache) {
        this.exchange = exchange;
        this.models = models;
        this.meter = meter;
        this.cache = cache;
    }

    Mono<ServerResponse> complete(ServerRequest request) {
        return exchange.prepare(request, CompletionRequest.class, CompletionRequest::validated).flatMap(context -> {
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
                return AssistExchange.ok(Map.of("completion", cached));
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
                        return AssistExchange.ok(Map.of("completion", completion));
                    })
                    .onErrorResume(error -> exchange.modelFailure(error, metered))
                    .doOnCancel(() -> metered.finish(UsageOutcome.CANCELLED, CLIENT_CLOSED));
        }).onErrorResume(AssistProblem.class, problem -> exchange.problem(problem, request));
    }

    Mono<ServerResponse> edit(ServerRequest request) {
        return exchange.prepare(request, EditRequest.class, EditRequest::validated).flatMap(context -> {
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
                            ? exchange.modelFailure(first.getThrowable(), metered)
                            : AssistExchange.eventStream().body(BodyInserters.fromServerSentEvents(
                                    exchange.deltaEvents(all, new FenceStripper(), metered, "edit"))),
                    false)
                    .singleOrEmpty()
                    .doOnCancel(() -> metered.finish(UsageOutcome.CANCELLED, CLIENT_CLOSED));
        }).onErrorResume(AssistProblem.class, problem -> exchange.problem(problem, request));
    }

    private static ObjectNode fimBody(UpstreamService service, String prompt, FimTemplate fim,
                                      CompletionRequest request) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (service.defaultModel() != null) {
            body.put("model", service.defaultModel());
        }
        body.put("prompt", prompt).put("max_tokens", request.maxTokens()).put("temperature", 0.2);
        fim.stop.forEach(body.putArray("stop")::add);
        return body;
    }
}
