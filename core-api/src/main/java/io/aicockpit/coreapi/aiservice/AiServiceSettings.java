package io.aicockpit.coreapi.aiservice;

import io.aicockpit.coreapi.secret.SecretRef;

/**
 * Where and how to reach an AI service. {@code apiKey} is a reference into the encrypted secret store, never the
 * key; {@code apiKeyLast4} is all of the key that may be shown. Azure fields are set for AZURE_OPENAI only.
 */
public record AiServiceSettings(String name, AiServiceKind kind, String baseUrl, SecretRef apiKey,
                                String apiKeyLast4, String defaultModel, String azureDeployment,
                                String azureApiVersion) {}
