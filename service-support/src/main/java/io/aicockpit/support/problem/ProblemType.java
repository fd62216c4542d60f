package io.aicockpit.support.problem;

import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every kind of failure a service answers as {@code application/problem+json}: its stable {@code type} URI
 * ({@code urn:aicockpit:problem:<kind>}), its title and its HTTP status. The same failure has the same type in every
 * service, so a client handles it once. Adding a kind means adding it here and to docs/problems.md.
 */
public enum ProblemType {
    // failures any service can answer
    INVALID_REQUEST("invalid-request", 400, "Invalid request"),
    UNAUTHENTICATED("unauthenticated", 401, "Authentication required"),
    INVALID_TOKEN("invalid-token", 401, "Invalid token"),
    FORBIDDEN("forbidden", 403, "Forbidden"),
    NOT_FOUND("not-found", 404, "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", 406, "Not acceptable"),
    CONFLICT("conflict", 409, "Conflict"),
    PAYLOAD_TOO_LARGE("payload-too-large", 413, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type"),
    RATE_LIMITED("rate-limited", 429, "Too many requests"),
    INTERNAL("internal", 500, "Internal error"),
    UPSTREAM_UNAVAILABLE("upstream-unavailable", 502, "Upstream unavailable"),
    SERVICE_UNAVAILABLE("service-unavailable", 503, "Service unavailable"),
    UPSTREAM_TIMEOUT("upstream-timeout", 504, "Upstream timeout"),

    // tenants, identity providers and the audit trail
    TENANT_NOT_FOUND("tenant-not-found", 404, "Tenant not found"),
    TENANT_NOT_ONBOARDED("tenant-not-onboarded", 403, "Tenant not onboarded"),
    INVALID_TENANT("invalid-tenant", 422, "Invalid tenant"),
    LIMITS_EXCEED_TENANT_MAXIMUM("limits-exceed-tenant-maximum", 422, "Limits exceed the tenant's maximum"),
    ISSUER_ALREADY_REGISTERED("issuer-already-registered", 409, "Issuer already registered"),
    INVALID_AUDIT_FILTER("invalid-audit-filter", 400, "Invalid audit filter"),
    AI_TOKEN_BUDGET_EXHAUSTED("ai-token-budget-exhausted", 429, "AI token budget exhausted"),

    // workspaces
    WORKSPACE_NOT_FOUND("workspace-not-found", 404, "Workspace not found"),
    INVALID_WORKSPACE("invalid-workspace", 422, "Invalid workspace"),
    WORKSPACE_STATE_CONFLICT("workspace-state-conflict", 409, "Workspace state conflict"),
    TENANT_QUOTA_EXCEEDED("tenant-quota-exceeded", 409, "Tenant quota exceeded"),
    NO_NODE_AVAILABLE("no-node-available", 503, "No node available"),
    ALREADY_EXISTS("already-exists", 409, "Already exists"),
    CONCURRENT_MODIFICATION("concurrent-modification", 409, "Concurrent modification"),
    WORKSPACE_NOT_RUNNING("workspace-not-running", 409, "Workspace not running"),
    WORKSPACE_HAS_NO_CONTAINER("workspace-has-no-container", 409, "Workspace has no container"),
    WORKSPACE_CHECK_FAILED("workspace-check-failed", 502, "Workspace check failed"),
    WORKSPACE_NODE_UNREACHABLE("workspace-node-unreachable", 502, "Workspace node unreachable"),
    WORKSPACE_NODE_FAILED("workspace-node-failed", 502, "Workspace node failed"),
    DOCKER_FAILED("docker-failed", 502, "Docker failed"),
    TOO_MANY_EXECS("too-many-execs", 429, "Too many commands"),
    TOO_MANY_TERMINALS("too-many-terminals", 429, "Too many terminals"),
    TERMINAL_NOT_FOUND("terminal-not-found", 404, "Terminal not found"),
    TOO_MANY_STREAMS("too-many-streams", 429, "Too many streams"),
    ORIGIN_NOT_ALLOWED("origin-not-allowed", 403, "Origin not allowed"),
    WEBSOCKET_NOT_SUPPORTED("websocket-not-supported", 400, "WebSocket not supported here"),

    // workspace files
    INVALID_PATH("invalid-path", 400, "Invalid path"),
    PATH_OUTSIDE_WORKSPACE("path-outside-workspace", 400, "Path outside the workspace"),
    FILE_NOT_FOUND("file-not-found", 404, "File not found"),
    NOT_A_REGULAR_FILE("not-a-regular-file", 409, "Not a regular file"),
    FILE_CHANGED("file-changed", 412, "File changed"),
    DIRECTORY_NOT_EMPTY("directory-not-empty", 409, "Directory not empty"),
    FILE_EXISTS("file-exists", 409, "File exists"),
    IS_A_DIRECTORY("is-a-directory", 409, "Is a directory"),
    NOT_A_DIRECTORY("not-a-directory", 409, "Not a directory"),
    INVALID_MOVE("invalid-move", 409, "Invalid move"),
    LISTING_TOO_LARGE("listing-too-large", 409, "Listing too large"),
    OPERATION_FAILED("operation-failed", 409, "Operation failed"),
    OPERATION_TIMED_OUT("operation-timed-out", 504, "Operation timed out"),
    TOO_MANY_CHANGE_STREAMS("too-many-change-streams", 429, "Too many change streams"),
    WORKSPACE_HAS_NO_VOLUME("workspace-has-no-volume", 409, "Workspace has no volume"),
    DISK_USAGE_UNAVAILABLE("disk-usage-unavailable", 503, "Disk usage unavailable"),

    // AI services and assist
    AI_SERVICE_NOT_FOUND("ai-service-not-found", 404, "AI service not found"),
    AI_SERVICE_NAME_TAKEN("ai-service-name-taken", 409, "AI service name taken"),
    INVALID_AI_SERVICE("invalid-ai-service", 422, "Invalid AI service"),
    OUTBOUND_URL_REFUSED("outbound-url-refused", 422, "Outbound URL refused"),
    NO_ACTIVE_AI_SERVICE("no-active-ai-service", 404, "No active AI service"),
    AI_SERVICE_FAILED("ai-service-failed", 502, "AI service failed"),
    AI_SERVICE_UNAVAILABLE("ai-service-unavailable", 503, "AI service unavailable"),
    TOO_MANY_CONCURRENT_REQUESTS("too-many-concurrent-requests", 429, "Too many concurrent requests"),
    CONFIRMATION_REQUIRED("confirmation-required", 400, "Confirmation required"),
    SUGGESTION_NOT_FOUND("suggestion-not-found", 404, "Suggestion not found"),
    SUGGESTION_ALREADY_RUN("suggestion-already-run", 409, "Suggestion already run"),
    SUGGESTION_EXPIRED("suggestion-expired", 410, "Suggestion expired"),

    // integration credentials (Kafka principals of a tenant's integrations)
    INTEGRATION_CREDENTIAL_NOT_FOUND("integration-credential-not-found", 404, "Integration credential not found"),
    INTEGRATION_CREDENTIAL_REVOKED("integration-credential-revoked", 409, "Integration credential revoked"),
    TOO_MANY_INTEGRATION_CREDENTIALS("too-many-integration-credentials", 409, "Too many integration credentials"),
    KAFKA_PROVISIONING_FAILED("kafka-provisioning-failed", 503, "Kafka provisioning failed"),
    INTEGRATION_REPLAY_NOT_FOUND("integration-replay-not-found", 404, "Integration replay not found");

    /** What every problem type URI starts with. */
    public static final String URI_PREFIX = "urn:aicockpit:problem:";

    private static final Map<String, ProblemType> BY_KIND = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(ProblemType::kind, Function.identity()));

    private final String kind;
    private final int status;
    private final String title;
    private final URI uri;

    ProblemType(String kind, int status, String title) {
        this.kind = kind;
        this.status = status;
        this.title = title;
        this.uri = URI.create(URI_PREFIX + kind);
    }

    public String kind() {
        return kind;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public URI uri() {
        return uri;
    }

    public static Optional<ProblemType> ofKind(String kind) {
        return Optional.ofNullable(BY_KIND.get(kind));
    }

    /** The generic type for a status the framework chose (a bad path, a wrong method): never a bare number. */
    public static ProblemType forStatus(int status) {
        return switch (status) {
            case 401 -> UNAUTHENTICATED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 409 -> CONFLICT;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> RATE_LIMITED;
            case 502 -> UPSTREAM_UNAVAILABLE;
            case 503 -> SERVICE_UNAVAILABLE;
            case 504 -> UPSTREAM_TIMEOUT;
            default -> status >= 500 ? INTERNAL : INVALID_REQUEST;
        };
    }
}
