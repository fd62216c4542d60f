package io.aicockpit.query.aiservice;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/**
 * One AI service as an org admin sees it: where it is and how it last answered, never its key (only the last
 * four characters). {@code lastTest} is null until the connection was tested.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record AiServiceView(UUID aiServiceId, String name, String kind, String baseUrl, String apiKeyLast4,
                     String defaultModel, String azureDeployment, String azureApiVersion, boolean active,
                     boolean fallback, LastTest lastTest, Instant createdAt, Instant updatedAt, long version) {

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record LastTest(boolean succeeded, long latencyMillis, String error, Instant at) {}
}
