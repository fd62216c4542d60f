package io.aicockpit.worker.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
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
        byte[] bytes;
        try {
            bytes = body.readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            throw WorkspaceProblem.invalid("invalid-request", "body", "could not be read");
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new WorkspaceProblem(413, "payload-too-large",
                    "The request body must be at most " + MAX_BODY_BYTES + " bytes.");
        }
        JsonNode root;
        try {
            root = json.readTree(bytes);
        } catch (IOException e) {
            throw WorkspaceProblem.invalid("invalid-request", "body", "must be a JSON object");
        }
        if (root == null || !root.isObject()) {
            throw WorkspaceProblem.invalid("invalid-request", "body", "must be a JSON object");
        }
        List<WorkspaceProblem.FieldError> errors = new ArrayList<>();
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                errors.add(new WorkspaceProblem.FieldError(name.length() > 100 ? name.substring(0, 100) : name,
                        "is not a known field"));
            }
        }
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
            throw WorkspaceProblem.invalid("invalid-request", "The exec request has invalid fields.", errors);
        }
        return new WorkspaceExecRequest(command, timeout);
    }
}
