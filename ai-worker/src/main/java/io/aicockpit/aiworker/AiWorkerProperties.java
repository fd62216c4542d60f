package io.aicockpit.aiworker;

import io.aicockpit.coreapi.messaging.Topics;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the relay. Timeouts are split so that a slow model (long first token) and a dead connection
 * (mid-stream silence) can be told apart: only the first may be retried or handed to the fallback service.
 *
 * @param firstByteTimeout  how long an upstream may take to send its first body byte before the attempt counts as
 *                          failed (retried, then handed to the fallback service)
 * @param idleTimeout       the longest silence between two chunks once streaming began; then the client's stream is
 *                          ended with an error event, never retried
 * @param connectTimeout    TCP connect timeout to the upstream
 * @param usageTopic        the internal topic usage records go to (tests use their own)
 * @param maxRequestSize    the largest request body accepted (413 above)
 * @param maxResponseSize   the largest non-streamed upstream answer or single SSE event
 * @param catalogCacheTtl   how long a tenant's resolved services (with decrypted key) stay cached
 * @param eventPollInterval how often the event store looks for events appended by command-side
 * @param maxConnections    upstream connection pool size (shared by all tenants)
 * @param querySideUri      query-side's base URL, asked whether the caller may see a workspace before AI assist
 * @param completionCacheTtl how long an inline completion is served from the per-tenant cache
 * @param workspaceNodes    how to reach the container-worker node hosting a workspace (files, command runs)
 * @param chat              limits of the files that {@code @path} mentions put into a chat prompt
 * @param commandSuggestionTtl how long a suggested command can be confirmed and run
 * @param saturationLag     a first-byte timeout while this process got the CPU later than this (over the last two
 *                          seconds) is blamed on our own saturation: retried, never counted against the service
 */
@ConfigurationProperties("aicockpit.ai-worker")
public record AiWorkerProperties(@DefaultValue("30s") Duration firstByteTimeout,
                                 @DefaultValue("60s") Duration idleTimeout,
                                 @DefaultValue("5s") Duration connectTimeout,
                                 @DefaultValue(Topics.AI_USAGE) String usageTopic,
                                 @DefaultValue("1MB") DataSize maxRequestSize,
                                 @DefaultValue("16MB") DataSize maxResponseSize,
                                 @DefaultValue("2s") Duration catalogCacheTtl,
                                 @DefaultValue("100ms") Duration eventPollInterval,
                                 @DefaultValue("2000") int maxConnections,
                                 @DefaultValue RetrySettings retry,
                                 @DefaultValue CircuitBreakerSettings circuitBreaker,
                                 @DefaultValue BulkheadSettings bulkhead,
                                 @DefaultValue("http://127.0.0.1:8082") URI querySideUri,
                                 @DefaultValue("5m") Duration completionCacheTtl,
                                 @DefaultValue WorkspaceNodeSettings workspaceNodes,
                                 @DefaultValue ChatSettings chat,
                                 @DefaultValue("10m") Duration commandSuggestionTtl,
                                 @DefaultValue("200ms") Duration saturationLag) {

    /** Retries happen only before the first byte; {@code maxRetries} comes on top of the first attempt. */
    public record RetrySettings(@DefaultValue("2") int maxRetries,
                                @DefaultValue("200ms") Duration initialBackoff,
                                @DefaultValue("2.0") double multiplier) {}

    /** One circuit breaker per AI service id, count-based window. */
    public record CircuitBreakerSettings(@DefaultValue("50") float failureRateThreshold,
                                         @DefaultValue("10") int slidingWindowSize,
                                         @DefaultValue("5") int minimumNumberOfCalls,
                                         @DefaultValue("30s") Duration waitInOpenState,
                                         @DefaultValue("2") int permittedCallsInHalfOpenState) {}

    /**
     * The container-worker nodes' base URLs by node id (the {@code nodeId} query-side reports for a workspace), and
     * the URL of nodes not listed (a single-node installation needs only that).
     */
    public record WorkspaceNodeSettings(@DefaultValue("http://127.0.0.1:8083") URI defaultUri,
                                        Map<String, URI> uris,
                                        @DefaultValue("10s") Duration timeout) {
        public WorkspaceNodeSettings {
            uris = uris == null ? Map.of() : Map.copyOf(uris);
        }

        public URI uriOf(String nodeId) {
            return nodeId == null ? defaultUri : uris.getOrDefault(nodeId, defaultUri);
        }
    }

    /**
     * At most {@code maxMentions} files per chat request, each cut at {@code maxFileSize}, all of them within
     * {@code maxContextSize}.
     */
    public record ChatSettings(@DefaultValue("8") int maxMentions,
                               @DefaultValue("32KB") DataSize maxFileSize,
                               @DefaultValue("128KB") DataSize maxContextSize) {}

    /** One semaphore bulkhead per tenant, so one tenant's burst cannot take every upstream connection. */
    public record BulkheadSettings(@DefaultValue("200") int maxConcurrentCallsPerTenant) {}
}
