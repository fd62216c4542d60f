package io.aicockpit.worker.files;

import io.aicockpit.support.problem.ProblemType;
import io.aicockpit.worker.workspace.WorkspaceProblem;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A caller's path, checked before it reaches Docker: relative to {@code /workspace}, at most {@value #MAX_LENGTH}
 * bytes of UTF-8, no control characters (NUL included) or unpaired surrogates, no {@code ..} segment, no name
 * longer than {@value #MAX_NAME_BYTES} bytes. Empty and {@code .} segments are dropped. The path arrives already
 * URL-decoded once, so an encoded {@code %2e%2e} is a {@code ..} here and refused; a doubly encoded one is a
 * literal name. Symlinks are checked later, against the container.
 *
 * @param segments the path's names, none empty, {@code .} or {@code ..}; empty for {@code /workspace} itself
 */
record WorkspacePath(List<String> segments) {
    static final int MAX_LENGTH = 4096;
    static final int MAX_NAME_BYTES = 255;
    static final WorkspacePath ROOT = new WorkspacePath(List.of());

    WorkspacePath {
        segments = List.copyOf(segments);
    }

    /** A path naming something inside {@code /workspace} (not {@code /workspace} itself). */
    static WorkspacePath parse(String raw) {
        return parse(raw, "path");
    }

    /** {@link #parse(String)} for a request field other than {@code path}. */
    static WorkspacePath parse(String raw, String field) {
        if (raw == null || raw.isEmpty()) {
            throw invalid(field, "is required");
        }
        WorkspacePath path = parseDirectory(raw, field);
        if (path.isRoot()) {
            throw invalid(field, "must name a file inside /workspace");
        }
        return path;
    }

    /** A directory path; absent, empty, {@code .} or {@code /}-free blanks name {@code /workspace} itself. */
    static WorkspacePath parseDirectory(String raw) {
        return parseDirectory(raw, "path");
    }

    private static WorkspacePath parseDirectory(String raw, String field) {
        if (raw == null || raw.isEmpty()) {
            return ROOT;
        }
        if (raw.length() > MAX_LENGTH) {
            throw invalid(field, "must be at most " + MAX_LENGTH + " bytes");
        }
        for (int i = 0; i < raw.length(); i++) {
            if (Character.isISOControl(raw.charAt(i))) {
                throw invalid(field, "must not contain control characters");
            }
        }
        int bytes;
        try {
            bytes = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(raw)).remaining();
        } catch (CharacterCodingException e) {
            throw invalid(field, "must be valid Unicode");
        }
        if (bytes > MAX_LENGTH) {
            throw invalid(field, "must be at most " + MAX_LENGTH + " bytes");
        }
        if (raw.startsWith("/")) {
            throw invalid(field, "must be relative to /workspace");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : raw.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            checkName(segment, field);
            segments.add(segment);
        }
        return new WorkspacePath(segments);
    }

    /** A single file name, as an upload's file name: no {@code /}, not {@code .} or {@code ..}. */
    static String checkName(String name, String field) {
        if (name == null || name.isEmpty() || name.equals(".")) {
            throw invalid(field, "must name a file");
        }
        if (name.equals("..")) {
            throw invalid(field, "must not contain '..'");
        }
        if (name.indexOf('/') >= 0) {
            throw invalid(field, "must be a single name");
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw invalid(field, "must not contain control characters");
            }
        }
        int bytes;
        try {
            bytes = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(name)).remaining();
        } catch (CharacterCodingException e) {
            throw invalid(field, "must be valid Unicode");
        }
        if (bytes > MAX_NAME_BYTES) {
            throw invalid(field, "has a name longer than " + MAX_NAME_BYTES + " bytes");
        }
        return name;
    }

    boolean isRoot() {
        return segments.isEmpty();
    }

    /** The path relative to {@code /workspace}, e.g. {@code src/a.txt}; empty for the root. */
    String relative() {
        return String.join("/", segments);
    }

    /** The last name, {@code workspace} for the root. */
    String name() {
        return isRoot() ? "workspace" : segments.getLast();
    }

    WorkspacePath child(String name) {
        List<String> more = new ArrayList<>(segments);
        more.add(checkName(name, "path"));
        return new WorkspacePath(more);
    }

    private static WorkspaceProblem invalid(String field, String reason) {
        return WorkspaceProblem.invalid(ProblemType.INVALID_PATH, field, reason);
    }
}
