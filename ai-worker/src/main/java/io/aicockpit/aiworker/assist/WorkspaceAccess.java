package io.aicockpit.aiworker.assist;

import com.fasterxml.jackson.databind.JsonNode;
import io.aicockpit.aiworker.AiWorkerProperties;
import io.aicockpit.coreapi.identity.InternalIdentity;
import io.aicockpit.support.problem.ProblemType;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Whether the caller may see a workspace, decided by query-side (which owns workspaces and their visibility) from
 * the caller's own identity token. ai-worker keeps no copy of workspaces, so another tenant's workspace, or one the
 * caller may not see, is simply a 404 there and here.
 */
@Component
class WorkspaceAccess {
    private static final Logger log = LoggerFactory.getLogger(WorkspaceAccess.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final WebClient web;

    WorkspaceAccess(WebClient.Builder builder, AiWorkerProperties properties) {
        this.web = builder.baseUrl(properties.querySideUri().toString()).build();
    }

    /** Completes empty when the workspace is visible; fails with a 404 (or 502) {@link AssistProblem} otherwise. */
    Mono<Void> check(String workspaceId, String identityToken, String requestId) {
        return visible(workspaceId, identityToken, requestId).then();
    }

    /** The workspace when the caller may see it; fails with a 404 (or 502) {@link AssistProblem} otherwise. */
    Mono<VisibleWorkspace> visible(String workspaceId, String identityToken, String requestId) {
        return web.get().uri("/api/v1/workspaces/{id}", workspaceId)
                .header(InternalIdentity.HEADER, identityToken)
                .header("X-Request-Id", requestId)
                .accept(MediaType.APPLICATION_JSON)
                .exchangeToMono(response -> {
                    HttpStatus status = HttpStatus.resolve(response.statusCode().value());
                    if (response.statusCode().is2xxSuccessful()) {
                        return response.bodyToMono(JsonNode.class)
                                .map(view -> new VisibleWorkspace(workspaceId, text(view, "status"),
                                        text(view, "nodeId")));
                    }
                    AssistProblem problem = status == HttpStatus.NOT_FOUND || status == HttpStatus.FORBIDDEN
                            ? new AssistProblem(ProblemType.WORKSPACE_NOT_FOUND,
                                    "Workspace " + workspaceId + " does not exist or is not visible to you.")
                            : unavailable();
                    return response.releaseBody().then(Mono.<VisibleWorkspace>error(problem));
                })
                .timeout(TIMEOUT)
                .onErrorMap(error -> !(error instanceof AssistProblem), error -> {
                    log.atWarn().addKeyValue("requestId", requestId).addKeyValue("reason", error.toString())
                            .log("could not ask query-side about a workspace");
                    return unavailable();
                });
    }

    private static String text(JsonNode view, String field) {
        JsonNode value = view.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static AssistProblem unavailable() {
        return new AssistProblem(ProblemType.WORKSPACE_CHECK_FAILED,
                "Could not check access to the workspace; retry shortly.");
    }
}
