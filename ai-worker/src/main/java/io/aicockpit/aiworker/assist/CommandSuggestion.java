package io.aicockpit.aiworker.assist;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/**
 * A suggested shell command. {@code requiresConfirmation} is always true: nothing runs until the user confirms this
 * suggestion by its {@code id} ({@code POST …/ai/command/{id}/run} with {@code "confirm": true}) before
 * {@code expiresAt}; it then runs once, in the workspace, and the run is audited with the command.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record CommandSuggestion(UUID id, String command, String explanation, boolean requiresConfirmation,
                         Instant expiresAt) {
    CommandSuggestion(String command, String explanation) {
        this(null, command, explanation, true, null);
    }

    CommandSuggestion stored(UUID id, Instant expiresAt) {
        return new CommandSuggestion(id, command, explanation, true, expiresAt);
    }
}
