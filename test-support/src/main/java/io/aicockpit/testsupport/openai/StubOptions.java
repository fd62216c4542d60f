package io.aicockpit.testsupport.openai;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the stub answers one request. Options are {@code key=value} or bare flags separated by {@code ;} and come
 * from three places, later ones winning: a base-URL path prefix {@code /o/<options>/v1/...} (so an AI service
 * registered with that base URL always behaves so), the {@value StubOpenAiServer#OPTIONS_HEADER} header, and the
 * model name after its first {@code ;} (e.g. {@code gpt-stub;chunks=5;chunkDelayMs=20}).
 *
 * <ul>
 *   <li>{@code chunks=N} content chunks (default 3), each {@code "tok<i> "}</li>
 *   <li>{@code chunkDelayMs=N} delay before each chunk (default 0)</li>
 *   <li>{@code firstByteDelayMs=N} delay before the response starts (headers included): a stall before the first byte</li>
 *   <li>{@code stallAfter=N} send N chunks, then nothing (the connection stays open)</li>
 *   <li>{@code status=N} answer HTTP N with an OpenAI error body</li>
 *   <li>{@code retryAfter=N} with {@code status}: also send {@code Retry-After: N}, as rate-limited upstreams do</li>
 *   <li>{@code failFirst=N} the first N requests with the same options answer {@code failStatus} (default 500)</li>
 *   <li>{@code noUsage} omit usage (streamed usage chunk and the {@code usage} field)</li>
 *   <li>{@code malformed} after the first chunk send an event whose data is not JSON</li>
 *   <li>{@code say=TEXT} answer TEXT (URL-encoded, so it may hold {@code ;}) spread over the chunks instead of
 *   the {@code tok<i>} pieces</li>
 *   <li>{@code fenced} wrap the content in a markdown code fence, as chat models sometimes do</li>
 *   <li>{@code echoAuth} error messages quote the credential received, as careless upstreams do</li>
 * </ul>
 */
record StubOptions(String raw, Map<String, String> values) {
    static StubOptions parse(String... sources) {
        Map<String, String> values = new LinkedHashMap<>();
        StringBuilder raw = new StringBuilder();
        for (String source : sources) {
            if (source == null || source.isBlank()) {
                continue;
            }
            raw.append(source).append(';');
            for (String part : source.split(";")) {
                String trimmed = part.strip();
                if (trimmed.isEmpty()) {
                    continue;
                }
                int eq = trimmed.indexOf('=');
                values.put(eq < 0 ? trimmed : trimmed.substring(0, eq), eq < 0 ? "true" : trimmed.substring(eq + 1));
            }
        }
        return new StubOptions(raw.toString(), values);
    }

    int integer(String key, int otherwise) {
        String value = values.get(key);
        return value == null ? otherwise : Integer.parseInt(value);
    }

    boolean flag(String key) {
        return values.containsKey(key);
    }
}
