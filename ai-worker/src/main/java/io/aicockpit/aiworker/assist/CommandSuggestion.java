package io.aicockpit.aiworker.assist;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A suggested shell command. {@code requiresConfirmation} is always true: ai-worker never runs it; the workspace
 * terminal does, once the user confirmed it there.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record CommandSuggestion(String command, String explanation, boolean requiresConfirmation) {}
