package io.aicockpit.aiworker.assist;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The detail this service adds to the gateway's audit record of a request: a small JSON object in the
 * {@value #HEADER} response header, which the gateway records in the tenant's hash-chained trail and removes before
 * the client sees the answer (docs/audit.md). Non-ASCII characters are escaped, so the value is a plain ASCII header.
 */
final class AuditDetail {
    static final String HEADER = "X-AiCockpit-Audit-Detail";
    /** Commands and paths are cut so that a detail stays well inside the gateway's 2 KiB limit. */
    private static final int MAX_TEXT = 1000;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonGenerator.Feature.ESCAPE_NON_ASCII)
            .build();

    private AuditDetail() {}

    /** The header value for alternating field names and values (strings, numbers, booleans or null). */
    static String of(Object... namesAndValues) {
        ObjectNode detail = JSON.createObjectNode();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            detail.putPOJO((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        try {
            return JSON.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an audit detail", e);
        }
    }

    static String capped(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "…";
    }
}
