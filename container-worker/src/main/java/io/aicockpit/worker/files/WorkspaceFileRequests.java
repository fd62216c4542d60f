package io.aicockpit.worker.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aicockpit.support.problem.ProblemType;
import io.aicockpit.worker.workspace.StrictJsonBody;
import io.aicockpit.worker.workspace.WorkspaceProblem;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.springframework.util.MultiValueMap;

/**
 * What the file API reads from a request, each refusal a 400/413 problem: the JSON bodies of
 * {@code POST .../files/mkdir} and {@code .../files/move}, read strictly (an object with only the known fields, of
 * the right types; parsed by hand because the application's mapper ignores unknown fields), a file's body, an
 * upload's parts, query flags and {@code If-Match}.
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

    /** Reads at most one byte more than allowed, so a too-large body is refused without reading all of it. */
    static byte[] body(HttpServletRequest request, long maxWriteBytes) {
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes((int) maxWriteBytes + 1);
            if (bytes.length > maxWriteBytes) {
                throw tooLarge(maxWriteBytes);
            }
            return bytes;
        } catch (IOException e) {
            throw WorkspaceProblem.invalid(ProblemType.INVALID_REQUEST, "body", "could not be read");
        }
    }

    static WorkspaceProblem tooLarge(long maxWriteBytes) {
        return new WorkspaceProblem(ProblemType.PAYLOAD_TOO_LARGE,
                "A file may be at most " + maxWriteBytes + " bytes (files.max-write-bytes).");
    }

    /** The upload's file parts, each at most {@code maxWriteBytes}; 400 for anything else in the body. */
    static List<Part> parts(HttpServletRequest request, long maxWriteBytes) {
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
            throw WorkspaceProblem.invalid(ProblemType.INVALID_REQUEST, "body", "must be multipart/form-data");
        }
        Collection<Part> all;
        try {
            all = request.getParts();
        } catch (IllegalStateException | org.springframework.web.multipart.MultipartException e) {
            if (sizeExceeded(e)) {
                throw new WorkspaceProblem(ProblemType.PAYLOAD_TOO_LARGE, "The upload is larger than the node accepts"
                        + " (a file at most " + maxWriteBytes + " bytes, files.max-upload-bytes in all).");
            }
            throw WorkspaceProblem.invalid(ProblemType.INVALID_REQUEST, "body", "is not a readable multipart body");
        } catch (IOException | ServletException e) {
            throw WorkspaceProblem.invalid(ProblemType.INVALID_REQUEST, "body", "is not a readable multipart body");
        }
        List<Part> uploads = new ArrayList<>();
        for (Part part : all) {
            if (!"file".equals(part.getName()) || part.getSubmittedFileName() == null) {
                throw WorkspaceProblem.invalid(ProblemType.INVALID_REQUEST, part.getName() == null ? "part" : part.getName(),
                        "is not a file part named 'file'");
            }
            if (part.getSize() > maxWriteBytes) {
                throw tooLarge(maxWriteBytes);
            }
            uploads.add(part);
        }
        if (uploads.isEmpty()) {
            throw WorkspaceProblem.invalid(ProblemType.INVALID_REQUEST, "file", "at least one file part is required");
        }
        return uploads;
    }

    private static boolean sizeExceeded(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.springframework.web.multipart.MaxUploadSizeExceededException
                    || t.getClass().getSimpleName().contains("SizeLimitExceeded")
                    || t.getClass().getSimpleName().contains("SizeException")) {
                return true;
            }
        }
        return false;
    }

    static String queryParam(MultiValueMap<String, String> query, String name) {
        String raw = query.getFirst(name);
        if (raw == null) {
            return null;
        }
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw WorkspaceProblem.invalid(ProblemType.INVALID_REQUEST, name, "is not correctly URL-encoded");
        }
    }

    static InputStream stream(HttpServletRequest request) {
        try {
            return request.getInputStream();
        } catch (IOException e) {
            throw WorkspaceProblem.invalid(ProblemType.INVALID_REQUEST, "body", "could not be read");
        }
    }

    static String expectedEtag(String header) {
        if (header.equals("*")) {
            return "*";
        }
        if (header.matches("\"[0-9a-f]{64}\"")) {
            return header.substring(1, header.length() - 1);
        }
        // a weak or foreign tag can never match the strong sha-256 tags this API hands out
        return "-";
    }

    static boolean flag(String value, String field) {
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw WorkspaceProblem.invalid(ProblemType.INVALID_REQUEST, field, "must be true or false");
        };
    }
}
