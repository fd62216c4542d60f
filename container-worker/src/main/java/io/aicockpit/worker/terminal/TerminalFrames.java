package io.aicockpit.worker.terminal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON text frames of protocol {@value #PROTOCOL}: what the server sends ({@code session}, {@code pong},
 * {@code exit}) and what it understands from the client ({@code resize}, {@code ping}). Unknown client frames are
 * ignored, so clients may send newer ones.
 */
final class TerminalFrames {
    static final String PROTOCOL = "aicockpit.terminal.v1";
    static final int MAX_COLS = 1000;
    static final int MAX_ROWS = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private TerminalFrames() {}

    /** A client control frame. */
    sealed interface Control {}

    record Resize(int cols, int rows) implements Control {}

    record Ping() implements Control {}

    record Unknown(String reason) implements Control {}

    static String session(String terminalId, int replayedBytes, boolean reattached) {
        return JSON.createObjectNode().put("type", "session").put("terminalId", terminalId)
                .put("replayedBytes", replayedBytes).put("reattached", reattached).toString();
    }

    static String pong() {
        return "{\"type\":\"pong\"}";
    }

    static String exit(Integer code, String reason) {
        ObjectNode node = JSON.createObjectNode().put("type", "exit");
        if (code == null) {
            node.putNull("code");
        } else {
            node.put("code", code);
        }
        return node.put("reason", reason).toString();
    }

    static Control parse(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (Exception e) {
            return new Unknown("not JSON");
        }
        if (node == null || !node.isObject()) {
            return new Unknown("not a JSON object");
        }
        return switch (node.path("type").asText("")) {
            case "ping" -> new Ping();
            case "resize" -> {
                JsonNode cols = node.path("cols");
                JsonNode rows = node.path("rows");
                if (!cols.isInt() || !rows.isInt() || !validSize(cols.asInt(), rows.asInt())) {
                    yield new Unknown("resize needs integer cols 1-" + MAX_COLS + " and rows 1-" + MAX_ROWS);
                }
                yield new Resize(cols.asInt(), rows.asInt());
            }
            default -> new Unknown("unknown type");
        };
    }

    static boolean validSize(int cols, int rows) {
        return cols >= 1 && cols <= MAX_COLS && rows >= 1 && rows <= MAX_ROWS;
    }
}
