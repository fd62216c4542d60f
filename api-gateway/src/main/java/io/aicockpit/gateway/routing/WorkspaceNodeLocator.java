package io.aicockpit.gateway.routing;

import io.aicockpit.support.problem.ProblemType;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.aicockpit.gateway.GatewayProperties;
import io.aicockpit.gateway.identity.GatewayIdentity;
import io.aicockpit.gateway.identity.InternalTokenClaims;
import io.aicockpit.gateway.identity.InternalTokenIssuer;
import io.aicockpit.gateway.web.RequestIdFilter;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Finds the node holding a workspace by asking query-side, as the caller (with the caller's signed identity), so
 * query-side's visibility rules decide: another tenant's or another developer's workspace is a 404 here as there.
 * Answers are cached per caller and workspace for {@code node-cache-ttl} (never shared across callers); only
 * running workspaces are cached, so a workspace that just started is not refused from a stale entry.
 */
@Component
class WorkspaceNodeLocator {
    private static final Logger log = LoggerFactory.getLogger(WorkspaceNodeLocator.class);
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(5);

    /** The workspace as routing needs it. */
    record WorkspaceNode(String workspaceId, String nodeId, String status, URI nodeUri) {
        boolean running() {
            return "RUNNING".equals(status);
        }
    }

    /** Why a workspace cannot be routed to: answered to the caller as this problem. */
    static final class Refused extends RuntimeException {
        final ProblemType type;
        final HttpStatus status;

        Refused(ProblemType type, String detail) {
            super(detail, null, false, false);
            this.type = type;
            this.status = HttpStatus.valueOf(type.status());
        }
    }

    private record Key(GatewayIdentity caller, String workspaceId) {}

    private final WebClient querySide;
    private final InternalTokenIssuer tokens;
    private final WorkspaceNodeProperties.NodeRoutes routes;
    private final AsyncCache<Key, WorkspaceNode> cache;

    WorkspaceNodeLocator(WebClient.Builder builder, GatewayProperties gateway, WorkspaceNodeProperties properties,
                         InternalTokenIssuer tokens) {
        this.querySide = builder.clone().baseUrl(gateway.routes().querySideUri().toString()).build();
        this.tokens = tokens;
        this.routes = properties.routes();
        this.cache = Caffeine.newBuilder().expireAfterWrite(routes.nodeCacheTtl()).maximumSize(10_000).buildAsync();
    }

    Mono<WorkspaceNode> locate(ServerWebExchange exchange, GatewayIdentity caller, String workspaceId) {
        Key key = new Key(caller, workspaceId);
        var cached = cache.getIfPresent(key);
        if (cached != null) {
            return Mono.fromFuture(cached, true);
        }
        return lookup(exchange, caller, workspaceId).doOnNext(node -> {
            if (node.running()) {
                cache.put(key, CompletableFuture.completedFuture(node));
            }
        });
    }

    private Mono<WorkspaceNode> lookup(ServerWebExchange exchange, GatewayIdentity caller, String workspaceId) {
        return querySide.get().uri("/api/v1/workspaces/{workspaceId}", workspaceId)
                .accept(MediaType.APPLICATION_JSON)
                .header(InternalTokenClaims.HEADER, tokens.issue(caller))
                .header(RequestIdFilter.HEADER, RequestIdFilter.requestId(exchange))
                .exchangeToMono(response -> {
                    int status = response.statusCode().value();
                    if (status == 200) {
                        return response.bodyToMono(JsonNode.class).map(view -> node(workspaceId, view));
                    }
                    if (status == 404 || status == 400) {
                        // 400: not a workspace id at all, which names no workspace either
                        return response.releaseBody().then(Mono.error(notFound()));
                    }
                    if (status == 403) {
                        return response.releaseBody().then(Mono.error(new Refused(ProblemType.FORBIDDEN,
                                "Your roles do not allow this request.")));
                    }
                    log.atWarn().addKeyValue("status", status).addKeyValue("workspaceId", workspaceId)
                            .log("query-side refused the workspace lookup for routing");
                    return response.releaseBody().then(Mono.error(unavailable()));
                })
                .timeout(LOOKUP_TIMEOUT)
                .onErrorMap(error -> !(error instanceof Refused), error -> {
                    log.atWarn().addKeyValue("workspaceId", workspaceId)
                            .addKeyValue("reason", error.getClass().getSimpleName())
                            .log("workspace lookup for routing failed");
                    return unavailable();
                });
    }

    private WorkspaceNode node(String workspaceId, JsonNode view) {
        JsonNode nodeId = view.get("nodeId");
        String node = nodeId == null || nodeId.isNull() ? null : nodeId.asText();
        JsonNode status = view.get("status");
        return new WorkspaceNode(workspaceId, node, status == null ? null : status.asText(), routes.nodeUri(node));
    }

    static Refused notFound() {
        return new Refused(ProblemType.WORKSPACE_NOT_FOUND, "No workspace with this id is visible to you.");
    }

    private static Refused unavailable() {
        return new Refused(ProblemType.UPSTREAM_UNAVAILABLE,
                "The service behind the gateway cannot be reached.");
    }
}
