/**
 * A tenant's AI service catalogue: the {@code TenantAiServices} aggregate (names, kinds, active and fallback), the
 * encrypted secret store its API keys live in, and the real connection test. Keys never enter events, logs or
 * responses: only a {@link io.aicockpit.coreapi.secret.SecretRef} and the last four characters do. Never calls
 * an AI service for tenants' requests (ai-worker does).
 */
package io.aicockpit.command.aiservice;
