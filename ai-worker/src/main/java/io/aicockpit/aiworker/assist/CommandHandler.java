package io.aicockpit.aiworker.assist;

import static io.aicockpit.aiworker.assist.AssistExchange.CLIENT_CLOSED;

import io.aicockpit.aiworker.caller.AiCallers;
import io.aicockpit.aiworker.metering.MeteredRequest;
import io.aicockpit.aiworker.metering.UsageMeter;
import io.aicockpit.aiworker.metering.UsageOutcome;
import io.aicockpit.aiworker.relay.ModelCalls;
import io.aicockpit.support.audit.AuditDetailHeader;
import io.aicockpit.support.problem.ProblemType;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Natural-language terminal commands: a suggestion from the model ({@code assist.command}), kept for its caller
 * until it expires; and the user's confirmation, which runs it on the workspace's node or lets the web IDE type
 * it into an open terminal. Running is a person's decision ({@link AiCallers.Purpose#RUN_COMMAND}); the gateway's
 * audit record of each step carries the command (and its exit code when it ran here).
 */
@Component
class CommandHandler {
    private static final Logger log = LoggerFactory.getLogger(CommandHandler.class);

    private final AssistExchange exchange;
    private final ModelCalls models;
    private final UsageMeter meter;
    private final WorkspaceNodes nodes;
    private final CommandSuggestions suggestions;

    CommandHandler(AssistExchange exchange, ModelCalls models, UsageMeter meter, WorkspaceNodes nodes,
                   CommandSuggestions suggestions) {
        this.exchange = exchange;
        this.models = models;
        this.meter = meter;
        this.nodes = nodes;
        this.suggestions = suggestions;
    }

    /** A confirmation for the terminal: the command the client may now type. */
    record ConfirmResponse(UUID suggestionId, String command, boolean typedIntoTerminal) {}

    /** What a confirmed command did. */
    record RunResponse(UUID suggestionId, String command, Integer exitCode, String output, boolean truncated,
                       boolean timedOut, long durationMs) {}

    Mono<ServerResponse> suggest(ServerRequest request) {
        return exchange.prepare(request, CommandRequest.class, CommandRequest::validated).flatMap(context -> {
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
                            return exchange.problem(new AssistProblem(ProblemType.AI_SERVICE_FAILED,
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
                    .onErrorResume(error -> exchange.modelFailure(error, metered))
                    .doOnCancel(() -> metered.finish(UsageOutcome.CANCELLED, CLIENT_CLOSED));
        }).onErrorResume(AssistProblem.class, problem -> exchange.problem(problem, request));
    }

    /**
     * Runs a suggested command the user confirmed: only its own caller, in its workspace, once, before it expires.
     * The node runs it as the workspace's user with a timeout and an output cap. A run the node could not start
     * (unreachable, busy, workspace stopped) gives the suggestion back, so the user can confirm it again.
     */
    Mono<ServerResponse> run(ServerRequest request) {
        return Mono.defer(() -> {
            AssistExchange.Caller caller = exchange.caller(request, AiCallers.Purpose.RUN_COMMAND);
            String workspaceId = request.pathVariable("workspaceId");
            UUID suggestionId = suggestionId(request.pathVariable("suggestionId"));
            String requestId = caller.requestId();
            return exchange.readBody(request, RunRequest.class, RunRequest::validated)
                    .flatMap(body -> exchange.runningWorkspace(request, caller)
                            .flatMap(workspace -> suggestions.take(caller.identity(), workspaceId, suggestionId,
                                            requestId)
                                    .flatMap(command -> nodes.run(workspace, command, body.timeoutSeconds(),
                                                    caller.token(), requestId)
                                            .onErrorResume(AssistProblem.class, problem -> notStarted(problem)
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
        }).onErrorResume(AssistProblem.class, problem -> exchange.problem(problem, request));
    }

    /**
     * The user confirmed a suggested command and the web IDE types it into their open terminal (so its output and
     * prompts are live there): nothing runs here, but the suggestion is used up like a run (once, only its caller,
     * before it expires, workspace running) and the gateway's audit record carries
     * {@code {suggestionId, command, typedIntoTerminal: true}}.
     */
    Mono<ServerResponse> confirm(ServerRequest request) {
        return Mono.defer(() -> {
            AssistExchange.Caller caller = exchange.caller(request, AiCallers.Purpose.RUN_COMMAND);
            String workspaceId = request.pathVariable("workspaceId");
            UUID suggestionId = suggestionId(request.pathVariable("suggestionId"));
            return exchange.runningWorkspace(request, caller)
                    .flatMap(workspace -> suggestions.take(caller.identity(), workspaceId, suggestionId,
                            caller.requestId()))
                    .flatMap(command -> {
                        log.atInfo().addKeyValue("requestId", caller.requestId())
                                .addKeyValue("workspaceId", workspaceId)
                                .addKeyValue("suggestionId", suggestionId)
                                .log("confirmed command typed into the terminal");
                        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                                .header(AuditDetailHeader.HEADER, AuditDetailHeader.of(
                                        "suggestionId", suggestionId.toString(),
                                        "command", command,
                                        "typedIntoTerminal", true))
                                .bodyValue(new ConfirmResponse(suggestionId, command, true));
                    });
        }).onErrorResume(AssistProblem.class, problem -> exchange.problem(problem, request));
    }

    /** The node never started the command: unreachable, or it refused (workspace stopped, too many commands). */
    private static boolean notStarted(AssistProblem problem) {
        return problem.type == ProblemType.WORKSPACE_NODE_UNREACHABLE || problem.status == 409
                || problem.status == 429;
    }

    private static UUID suggestionId(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new AssistProblem(ProblemType.SUGGESTION_NOT_FOUND, "No command suggestion " + value + ".");
        }
    }
}
