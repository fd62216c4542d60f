package io.aicockpit.worker.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aicockpit.worker.workspace.WorkspaceProblem;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The JSON bodies of {@code POST .../files/mkdir} and {@code .../files/move}, read strictly: an object with only
 * the known fields, of the right types. Parsed by hand because the application's mapper ignores unknown fields.
 */
final class WorkspaceFileRequests {
    static final int MAX_BODY_BYTES = 16 * 1024;

    /** {@code {"path": "...", "parents": false}} */
    record Mkdir(WorkspacePath path, boolean parents) {}

    /** {@code {"from": "...", "to": "...", "overwrite": false}} */
    record Move(WorkspacePath from, WorkspacePath to, boolean overwrite) {}

    private WorkspaceFileRequests() {}

    static Mkdir mkdir(InputStream body, ObjectMapper json) {
        JsonNode root = read(body, json, Set.of("path", "parents"));
        return new Mkdir(WorkspacePath.parse(text(root, "path"), "path"), bool(root, "parents"));
    }

    static Move move(InputStream body, ObjectMapper json) {
        JsonNode root = read(body, json, Set.of("from", "to", "overwrite"));
        return new Move(WorkspacePath.parse(text(root, "from"), "from"), WorkspacePath.parse(text(root, "to"), "to"),
                bool(root, "overwrite"));
    }

    private static JsonNode read(InputStream body, ObjectMapper json, Set<String> fields) {
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
            if (!fields.contains(name)) {
                errors.add(new WorkspaceProblem.FieldError(name.length() > 100 ? name.substring(0, 100) : name,
                        "is not a known field"));
            }
        }
        if (!errors.isEmpty()) {
            throw WorkspaceProblem.invalid("invalid-request", "The request has unknown fields.", errors);
        }
        return root;
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw WorkspaceProblem.invalid("invalid-request", field, "is required");
        }
        if (!node.isTextual()) {
            throw WorkspaceProblem.invalid("invalid-request", field, "must be a string");
        }
        return node.textValue();
    }

    private static boolean bool(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw WorkspaceProblem.invalid("invalid-request", field, "must be true or false");
        }
        return node.booleanValue();
    }
}
