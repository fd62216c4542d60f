package io.aicockpit.aiworker.assist;

/**
 * Removes a markdown fence around a streamed answer while passing the code on as it comes. It holds back only what
 * may still turn out to be a fence: the start until the first line is known, and a last line that could be the
 * closing fence. Not thread-safe: one instance per stream, fed in order.
 */
final class FenceStripper {
    private final StringBuilder pending = new StringBuilder();
    private boolean started;

    /** Feeds a delta; answers the text that is certainly code (possibly empty). */
    String next(String delta) {
        pending.append(delta);
        if (!started) {
            String head = pending.toString().stripLeading();
            if (head.length() < 3 && "```".startsWith(head)) {
                return "";
            }
            if (head.startsWith("```")) {
                int newline = head.indexOf('\n');
                if (newline < 0) {
                    return "";
                }
                pending.setLength(0);
                pending.append(head.substring(newline + 1));
            }
            started = true;
        }
        int lastNewline = pending.lastIndexOf("\n");
        String lastLine = pending.substring(lastNewline + 1).strip();
        int keepFrom = mayBeFence(lastLine) ? Math.max(lastNewline, 0) : pending.length();
        String out = pending.substring(0, keepFrom);
        pending.delete(0, keepFrom);
        return out;
    }

    /** The held-back rest at the end of the stream, without a closing fence. */
    String finish() {
        String rest = pending.toString();
        pending.setLength(0);
        if (!started) {
            String head = rest.stripLeading();
            return head.startsWith("```") ? "" : rest;
        }
        int lastNewline = rest.lastIndexOf('\n');
        String lastLine = rest.substring(lastNewline + 1).strip();
        return lastLine.startsWith("```") ? rest.substring(0, Math.max(lastNewline, 0)) : rest;
    }

    private static boolean mayBeFence(String line) {
        return line.length() < 3 ? "```".startsWith(line) : line.startsWith("```");
    }
}
