package io.aicockpit.aiworker.assist;

import static io.aicockpit.aiworker.assist.AssistValidation.require;

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

    /** This request when it is one the assist serves; else the 400 or 413 naming what is wrong. */
    CompletionRequest validated() {
        require(prefix != null, "prefix", "'prefix' is required (it may be empty).");
        require(maxTokens >= 1 && maxTokens <= MAX_MAX_TOKENS, "maxTokens",
                "'maxTokens' must be between 1 and " + MAX_MAX_TOKENS + ".");
        for (Snippet snippet : snippets) {
            require(snippet != null && snippet.content() != null, "snippets", "Each snippet needs 'content'.");
        }
        AssistValidation.capped(codeBytes());
        return this;
    }
}
