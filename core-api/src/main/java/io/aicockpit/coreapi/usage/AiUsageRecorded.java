package io.aicockpit.coreapi.usage;

import io.aicockpit.coreapi.aiservice.AiServiceId;
import java.time.Instant;
import java.util.UUID;

/**
 * One AI request as ai-worker metered it. {@code tokensCounted} is true when the upstream sent no usage and the
 * worker counted the tokens itself. {@code outcome}: SUCCEEDED, FAILED (upstream error), CANCELLED (the client
 * went away), REFUSED (rate limit, no service). Sent on {@link io.aicockpit.coreapi.messaging.Topics#AI_USAGE}
 * keyed by tenant, and on the tenant's public usage topic. Carries no prompt and no completion text.
 */
public record AiUsageRecorded(UUID id, String tenantId, String userSubject, AiServiceId aiServiceId, String model,
                              String endpoint, long promptTokens, long completionTokens, boolean tokensCounted,
                              long latencyMillis, Long timeToFirstTokenMillis, String outcome, int status,
                              String requestId, Instant at) {}
