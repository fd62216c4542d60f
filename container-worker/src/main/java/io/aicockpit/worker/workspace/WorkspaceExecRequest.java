package io.aicockpit.worker.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aicockpit.support.problem.ProblemType;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code POST .../exec}, read strictly: JSON object, only {@code command} (required, non-blank, at
 * most {@value #MAX_COMMAND_BYTES} bytes of UTF-8, no NUL) and {@code timeoutSeconds} (1..{@value #MAX_TIMEOUT},
 * default {@value #DEFAULT_TIMEOUT}). Parsed by hand because the application's mapper ignores unknown fields.
 */
record WorkspaceExecRequest(String command, int timeoutSeconds) {
    static final int MAX_COMMAND_BYTES = 8 * 1024;
    static final int DEFAULT_TIMEOUT = 60;
    static final int MAX_TIMEOUT = 300;
    /** Room for the command with JSON escaping; anything larger is refused unread. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final Set<String> FIELDS = Set.of("command", "timeoutSeconds");

    static WorkspaceExecRequest read(InputStream body, ObjectMapper json) {
        JsonNode root = StrictJsonBody.read(body, json, FIELDS, MAX_BODY_BYTES);
        List<WorkspaceProblem.FieldError> errors = new ArrayList<>();
        JsonNode commandNode = root.get("command");
        String command = null;
        if (commandNode == null || commandNode.isNull()) {
            errors.add(new WorkspaceProblem.FieldError("command", "is required"));
        } else if (!commandNode.isTextual()) {
            errors.add(new WorkspaceProblem.FieldError("command", "must be a string"));
        } else {
            command = commandNode.textValue();
            if (command.isBlank()) {
                errors.add(new WorkspaceProblem.FieldError("command", "must not be blank"));
            } else if (command.indexOf('\0') >= 0) {
                errors.add(new WorkspaceProblem.FieldError("command", "must not contain NUL"));
            } else if (command.getBytes(StandardCharsets.UTF_8).length > MAX_COMMAND_BYTES) {
                errors.add(new WorkspaceProblem.FieldError("command",
                        "must be at most " + MAX_COMMAND_BYTES + " bytes"));
            }
        }
        JsonNode timeoutNode = root.get("timeoutSeconds");
        int timeout = DEFAULT_TIMEOUT;
        if (timeoutNode != null && !timeoutNode.isNull()) {
            if (!timeoutNode.isIntegralNumber() || !timeoutNode.canConvertToInt()
                    || timeoutNode.intValue() < 1 || timeoutNode.intValue() > MAX_TIMEOUT) {
                errors.add(new WorkspaceProblem.FieldError("timeoutSeconds",
                        "must be an integer between 1 and " + MAX_TIMEOUT));
            } else {
                timeout = timeoutNode.intValue();
            }
        }
        if (!errors.isEmpty()) {
            throw WorkspaceProblem.invalid(ProblemType.INVALID_REQUEST, "The exec request has invalid fields.", errors);
        }
        return new WorkspaceExecRequest(command, timeout);
    }
}
