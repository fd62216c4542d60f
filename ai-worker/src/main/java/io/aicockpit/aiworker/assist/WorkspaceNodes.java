package io.aicockpit.aiworker.assist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.aicockpit.aiworker.AiWorkerProperties;
import io.aicockpit.coreapi.identity.InternalIdentity;
import io.aicockpit.support.problem.ProblemType;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeStrategies;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * The container-worker node hosting a workspace, reached with the caller's own identity token: the node checks
 * the caller's access itself, so ai-worker can never read or run more than the caller could. Reads files for
 * {@code @path} mentions and runs confirmed commands. Nothing read or run is logged.
 */
@Component
class WorkspaceNodes {
    private static final Logger log = LoggerFactory.getLogger(WorkspaceNodes.class);
    /** The node answers a run after the command's own timeout; this is the margin on top of it. */
    private static final Duration RUN_MARGIN = Duration.ofSeconds(15);

    private final WebClient web;
    private final AiWorkerProperties.WorkspaceNodeSettings nodes;

    WorkspaceNodes(WebClient.Builder builder, AiWorkerProperties properties) {
        this.nodes = properties.workspaceNodes();
        int largestRead = (int) Math.max(properties.chat().maxFileSize().toBytes(), 64 * 1024);
        this.web = builder.exchangeStrategies(ExchangeStrategies.builder()
                        .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(largestRead + 1024 * 1024))
                        .build())
                .build();
    }

    /** A file as read from the workspace: its text (cut at the cap), or why it could not be read. */
    record FileRead(String path, String text, long size, boolean truncated, String problem, String detail) {
        static FileRead failed(String path, String problem, String detail) {
            return new FileRead(path, null, 0, false, problem, detail);
        }

        boolean ok() {
            return problem == null;
        }
    }

    /** What a command run in the workspace gave: exit code (null if unknown), output, and whether it was cut. */
    record RunResult(Integer exitCode, String output, boolean truncated, boolean timedOut, long durationMs) {}

    /** Reads at most {@code maxBytes} of {@code path} (relative to /workspace); never fails, reports instead. */
    Mono<FileRead> read(VisibleWorkspace workspace, String path, long maxBytes, String token, String requestId) {
        URI node = nodes.uriOf(workspace.nodeId());
        return web.get()
                .uri(node + "/api/v1/workspaces/{id}/files/content?path={path}&maxBytes={max}",
                        Map.of("id", workspace.workspaceId(), "path", path, "max", maxBytes))
                .header(InternalIdentity.HEADER, token)
                .header("X-Request-Id", requestId)
                .exchangeToMono(response -> response.statusCode().is2xxSuccessful()
                        ? response.bodyToMono(byte[].class).defaultIfEmpty(new byte[0])
                                .map(bytes -> file(path, bytes, response))
                        : problemOf(response).map(problem -> FileRead.failed(path, problem.type.kind(), problem.getMessage())))
                .timeout(nodes.timeout())
                .onErrorResume(error -> {
                    log.atWarn().addKeyValue("requestId", requestId).addKeyValue("node", workspace.nodeId())
                            .addKeyValue("reason", error.toString()).log("could not read a workspace file");
                    return Mono.just(FileRead.failed(path, "workspace-node-unavailable",
                            "The workspace's node did not answer."));
                });
    }

    private static FileRead file(String path, byte[] bytes, ClientResponse response) {
        for (byte b : bytes) {
            if (b == 0) {
                return FileRead.failed(path, "binary-file", "The file is binary, not text.");
            }
        }
        String size = response.headers().asHttpHeaders().getFirst("X-AiCockpit-File-Size");
        String truncated = response.headers().asHttpHeaders().getFirst("X-AiCockpit-File-Truncated");
        long total = bytes.length;
        try {
            total = size == null ? bytes.length : Long.parseLong(size);
        } catch (NumberFormatException ignored) {
            // keep the length read
        }
        return new FileRead(path, new String(bytes, StandardCharsets.UTF_8), total,
                "true".equalsIgnoreCase(truncated) || total > bytes.length, null, null);
    }

    /**
     * Runs {@code command} in the workspace with the node's limits. Fails with an {@link AssistProblem}: the node's
     * own 4xx answers are passed on (not running, too many runs), anything else is a 502. A {@link ConnectException}
     * is reported as {@code workspace-node-unreachable}: then the command certainly did not run.
     */
    Mono<RunResult> run(VisibleWorkspace workspace, String command, int timeoutSeconds, String token,
                        String requestId) {
        URI node = nodes.uriOf(workspace.nodeId());
        return web.post()
                .uri(node + "/api/v1/workspaces/{id}/exec", workspace.workspaceId())
                .header(InternalIdentity.HEADER, token)
                .header("X-Request-Id", requestId)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("command", command, "timeoutSeconds", timeoutSeconds))
                .exchangeToMono(response -> response.statusCode().is2xxSuccessful()
                        ? response.bodyToMono(JsonNode.class).map(WorkspaceNodes::result)
                        : problemOf(response).flatMap(Mono::error))
                .timeout(Duration.ofSeconds(timeoutSeconds).plus(RUN_MARGIN))
                .onErrorMap(error -> !(error instanceof AssistProblem), error -> {
                    log.atWarn().addKeyValue("requestId", requestId).addKeyValue("node", workspace.nodeId())
                            .addKeyValue("reason", error.toString()).log("a command run failed at the node");
                    return hasCause(error, ConnectException.class)
                            ? new AssistProblem(ProblemType.WORKSPACE_NODE_UNREACHABLE,
                                    "The workspace's node could not be reached; the command did not run.")
                            : new AssistProblem(ProblemType.WORKSPACE_NODE_FAILED,
                                    "The workspace's node did not answer properly; the command may have run.");
                });
    }

    private static RunResult result(JsonNode body) {
        JsonNode exit = body.get("exitCode");
        return new RunResult(exit != null && exit.isInt() ? exit.asInt() : null, body.path("output").asText(""),
                body.path("truncated").asBoolean(false), body.path("timedOut").asBoolean(false),
                body.path("durationMs").asLong(0));
    }

    /**
     * The node's problem answer as an {@link AssistProblem}: its 4xx catalogue type and detail; anything else (another
     * status, a type the catalogue does not know for it) a 502.
     */
    private static Mono<AssistProblem> problemOf(ClientResponse response) {
        int status = response.statusCode().value();
        return response.bodyToMono(JsonNode.class)
                .onErrorResume(error -> Mono.empty())
                .defaultIfEmpty(JsonNodeFactory.instance.objectNode())
                .map(problem -> {
                    String type = problem.path("type").asText("");
                    ProblemType known = type.startsWith(ProblemType.URI_PREFIX)
                            ? ProblemType.ofKind(type.substring(ProblemType.URI_PREFIX.length()))
                                    .filter(kind -> kind.status() == status).orElse(null)
                            : null;
                    String detail = problem.path("detail").asText("The workspace's node refused the request.");
                    return known != null && status >= 400 && status < 500 && status != 401
                            ? new AssistProblem(known, detail)
                            : new AssistProblem(ProblemType.WORKSPACE_NODE_FAILED,
                                    "The workspace's node failed (" + status + ").");
                });
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
