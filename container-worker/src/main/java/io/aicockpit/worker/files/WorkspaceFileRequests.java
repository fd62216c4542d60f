package io.aicockpit.worker.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aicockpit.support.problem.ProblemType;
import io.aicockpit.worker.workspace.StrictJsonBody;
import io.aicockpit.worker.workspace.WorkspaceProblem;
import java.io.InputStream;
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
        return StrictJsonBody.read(body, json, fields, MAX_BODY_BYTES);
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw WorkspaceProblem.invalid(ProblemType.INVALID_REQUEST, field, "is required");
        }
        if (!node.isTextual()) {
            throw WorkspaceProblem.invalid(ProblemType.INVALID_REQUEST, field, "must be a string");
        }
        return node.textValue();
    }

    private static boolean bool(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw WorkspaceProblem.invalid(ProblemType.INVALID_REQUEST, field, "must be true or false");
        }
        return node.booleanValue();
    }
}
