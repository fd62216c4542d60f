package io.aicockpit.coreapi.aiservice;

/**
 * How to talk to an AI service. All speak the OpenAI wire protocol; AZURE_OPENAI addresses a deployment
 * ({@code {base}/openai/deployments/{deployment}/chat/completions?api-version=…}) and authenticates with an
 * {@code api-key} header instead of a bearer token; LM_STUDIO usually needs no key.
 */
public enum AiServiceKind { OPENAI, AZURE_OPENAI, LM_STUDIO, CUSTOM }
