package io.aicockpit.worker.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aicockpit.support.problem.ProblemType;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A request body read strictly: at most {@code maxBytes} (413 above, without reading on), one JSON object, and no
 * field outside the known ones (400 naming each). The node's endpoints parse by hand because the application's mapper
 * ignores unknown fields, and a field it silently dropped could be a mistaken or malicious one.
 */
public final class StrictJsonBody {
    private StrictJsonBody() {}

    /** The body's JSON object; its field names are all in {@code fields}. */
    public static JsonNode read(InputStream body, ObjectMapper json, Set<String> fields, int maxBytes) {
        byte[] bytes;
        try {
            bytes = body.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw WorkspaceProblem.invalid(ProblemType.INVALID_REQUEST, "body", "could not be read");
        }
        if (bytes.length > maxBytes) {
            throw new WorkspaceProblem(ProblemType.PAYLOAD_TOO_LARGE,
                    "The request body must be at most " + maxBytes + " bytes.");
        }
        JsonNode root;
        try {
            root = json.readTree(bytes);
        } catch (IOException e) {
            throw WorkspaceProblem.invalid(ProblemType.INVALID_REQUEST, "body", "must be a JSON object");
        }
        if (root == null || !root.isObject()) {
            throw WorkspaceProblem.invalid(ProblemType.INVALID_REQUEST, "body", "must be a JSON object");
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
            throw WorkspaceProblem.invalid(ProblemType.INVALID_REQUEST, "The request has unknown fields.", errors);
        }
        return root;
    }
}
