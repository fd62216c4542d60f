package io.aicockpit.aiworker.assist;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.SequencedSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the {@code @path} mentions in chat messages: {@code @src/app.py}, or {@code @"docs/my notes.md"} for paths
 * with spaces. A mention starts after a space, a line start or an opening bracket, so e-mail addresses and
 * decorators inside code ({@code x@y}, {@code a.@b}) are not mentions; trailing sentence punctuation is not part of
 * the path. Paths are relative to /workspace; the node hosting the workspace enforces that.
 */
final class Mentions {
    private static final Pattern MENTION = Pattern.compile(
            "(?<![\\w@./\\\\])@(?:\"([^\"\\n\\x00]{1,4096})\"|((?:[\\w.\\-]+/)*[\\w.\\-]*[\\w\\-]))");

    private Mentions() {}

    /** The distinct mentioned paths, newest message first and in order of appearance within a message. */
    static SequencedSet<String> in(List<ChatRequest.Message> messages) {
        SequencedSet<String> paths = new LinkedHashSet<>();
        for (ChatRequest.Message message : messages.reversed()) {
            if (message == null || !"user".equals(message.role()) || message.content() == null) {
                continue;
            }
            Matcher matcher = MENTION.matcher(message.content());
            while (matcher.find()) {
                String path = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
                if (path.startsWith("./")) {
                    path = path.substring(2);
                }
                if (!path.isEmpty()) {
                    paths.add(path);
                }
            }
        }
        return paths;
    }
}
