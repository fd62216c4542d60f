package io.aicockpit.testsupport.openai;

import java.util.Map;

/**
 * One request the stub received, for tests to check what the relay sent. {@code path} is as received, options prefix
 * ({@code /o/<options>}) included; header names are lower-cased.
 */
public record RecordedRequest(String method, String path, String query, Map<String, String> headers, String body) {
    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
