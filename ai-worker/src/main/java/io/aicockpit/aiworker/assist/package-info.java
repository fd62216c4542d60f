/**
 * AI assist for the workspace editor and terminal: inline completion (fill-in-the-middle prompts, per-tenant cache),
 * Ctrl+K edits streamed as code only, and natural-language shell command suggestions. Builds prompts and answers
 * with problem+json; every model call goes through the relay's {@code ModelCalls} (same services, resilience and
 * metering as {@code /v1}). Asks query-side whether the caller may see the workspace; never executes anything and
 * never logs prompts or code.
 */
package io.aicockpit.aiworker.assist;
