package io.aicockpit.aiworker.catalog;

import io.aicockpit.coreapi.aiservice.AiServiceId;
import io.aicockpit.coreapi.aiservice.AiServiceKind;
import java.net.URI;

/**
 * One AI service ready to be called: its base URL already passed the outbound guard, its key is decrypted.
 * {@code unusableReason} is set instead when it cannot be called (URL refused, key missing), so the relay can say
 * why and move on to the fallback. {@link #toString()} never shows the key.
 */
public record UpstreamService(AiServiceId id, String name, AiServiceKind kind, URI baseUrl, String apiKey,
                              String defaultModel, String azureDeployment, String azureApiVersion,
                              String unusableReason) {

    public boolean usable() {
        return unusableReason == null;
    }

    @Override
    public String toString() {
        return "UpstreamService[id=" + id + ", name=" + name + ", kind=" + kind + ", baseUrl=" + baseUrl
                + ", apiKey=" + (apiKey == null ? "none" : "***") + "]";
    }
}
