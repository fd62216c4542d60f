package io.aicockpit.support.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The contract of the detail a service behind the gateway adds to the gateway's audit record of a request: a small
 * JSON object in the {@value #HEADER} response header, at most {@value #MAX_BYTES} bytes of printable ASCII, which
 * the gateway checks, records in the tenant's hash-chained trail and removes before the client sees the answer
 * (docs/audit.md). {@link #of} writes one (non-ASCII characters escaped); the gateway's reader holds the other end.
 */
public final class AuditDetailHeader {
    public static final String HEADER = "X-AiCockpit-Audit-Detail";
    /** The most the gateway accepts; a larger detail is recorded as invalid. */
    public static final int MAX_BYTES = 2048;
    /** Commands and paths are cut at this many characters first, then further until the header fits. */
    private static final int MAX_TEXT = 1000;
    /** What {@link #of} aims below {@link #MAX_BYTES}; escaping (quotes, non-ASCII) makes text longer. */
    static final int MAX_HEADER_BYTES = 2000;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonGenerator.Feature.ESCAPE_NON_ASCII)
            .build();

    private AuditDetailHeader() {}

    /**
     * The header value for alternating field names and values (strings, numbers, booleans or null). Strings are cut
     * (ending with "…") until the escaped JSON fits in {@value #MAX_HEADER_BYTES} bytes.
     */
    public static String of(Object... namesAndValues) {
        for (int cap = MAX_TEXT; ; cap /= 2) {
            ObjectNode detail = JSON.createObjectNode();
            for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
                Object value = namesAndValues[i + 1];
                String name = (String) namesAndValues[i];
                detail.putPOJO(name, value instanceof String text ? capped(text, cap) : value);
            }
            String header = write(detail);
            if (header.length() <= MAX_HEADER_BYTES || cap < 16) {
                return header;
            }
        }
    }

    private static String write(ObjectNode detail) {
        try {
            return JSON.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an audit detail", e);
        }
    }

    private static String capped(String text, int cap) {
        if (text.length() <= cap) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(cap - 1)) ? cap - 1 : cap;
        return text.substring(0, end) + "…";
    }
}
