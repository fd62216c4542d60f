package io.aicockpit.aiworker.assist;

import java.util.List;

/** An inline completion at the cursor: the code before and after it, plus other open files. */
record CompletionRequest(String prefix, String suffix, String language, String path, List<Snippet> snippets,
                         Integer maxTokens) {
    static final int DEFAULT_MAX_TOKENS = 64;
    static final int MAX_MAX_TOKENS = 512;

    CompletionRequest {
        suffix = suffix == null ? "" : suffix;
        snippets = snippets == null ? List.of() : List.copyOf(snippets);
        maxTokens = maxTokens == null ? DEFAULT_MAX_TOKENS : maxTokens;
    }

    /** UTF-8 bytes of the code sent, which the size cap limits. */
    long codeBytes() {
        long bytes = utf8(prefix) + utf8(suffix);
        for (Snippet snippet : snippets) {
            bytes += utf8(snippet == null ? null : snippet.content());
        }
        return bytes;
    }

    static long utf8(String text) {
        return text == null ? 0 : text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}
