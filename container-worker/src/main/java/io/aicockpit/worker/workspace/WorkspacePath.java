package io.aicockpit.worker.workspace;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A caller's path, checked before it reaches Docker: relative to {@code /workspace}, at most {@value #MAX_LENGTH}
 * characters, no control characters (NUL included), no {@code ..} segment, no segment longer than a file name may
 * be. Empty and {@code .} segments are dropped. Symlinks are checked later, against the container.
 *
 * @param segments the path's names, none empty, {@code .} or {@code ..}
 */
record WorkspacePath(List<String> segments) {
    static final int MAX_LENGTH = 4096;
    private static final int MAX_NAME_BYTES = 255;

    WorkspacePath {
        segments = List.copyOf(segments);
    }

    static WorkspacePath parse(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw invalid("is required");
        }
        if (raw.length() > MAX_LENGTH) {
            throw invalid("must be at most " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < raw.length(); i++) {
            if (Character.isISOControl(raw.charAt(i))) {
                throw invalid("must not contain control characters");
            }
        }
        if (raw.startsWith("/")) {
            throw invalid("must be relative to /workspace");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : raw.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                throw invalid("must not contain '..'");
            }
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                throw invalid("has a name longer than " + MAX_NAME_BYTES + " bytes");
            }
            segments.add(segment);
        }
        if (segments.isEmpty()) {
            throw invalid("must name a file inside /workspace");
        }
        return new WorkspacePath(segments);
    }

    private static WorkspaceProblem invalid(String reason) {
        return WorkspaceProblem.invalid("invalid-path", "path", reason);
    }
}
