package io.aicockpit.gateway.audit;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.aicockpit.support.audit.AuditDetailHeader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway's end of {@link AuditDetailHeader}: the detail a service behind the gateway adds to the audit record of
 * a request (which command ran, its exit code): a compact JSON object, written in printable ASCII (non-ASCII characters as JSON <code>&#92;uXXXX</code>
 * escapes) as the value of the response header {@value #HEADER}, at most {@value #MAX_BYTES} bytes. ASCII only,
 * because header bytes above 0x7F are not reliably UTF-8 between HTTP stacks; JSON's own escapes carry any text.
 * The gateway stores the detail in canonical JSON (below), the form the record's hash covers, so the hash does not
 * depend on how {@code jsonb} orders keys or writes numbers.
 *
 * <p>Canonical JSON: no whitespace; object keys sorted by UTF-16 code units (as RFC 8785); strings escaped only
 * where JSON requires it ({@code \" \\ \b \f \n \r \t}, other control characters as lowercase <code>&#92;u00xx</code>,
 * everything else literal); numbers as their exact decimal value in plain notation with trailing fractional zeros
 * removed ({@code 1.50e1} is {@code 15}, {@code -0.0} is {@code 0}).
 *
 * <p>A detail the gateway cannot accept is replaced by {@code {"invalid":true,"reason":"<reason>"}}; the request
 * is never failed for it.
 */
final class AuditDetail {
    static final String HEADER = AuditDetailHeader.HEADER;
    static final int MAX_BYTES = AuditDetailHeader.MAX_BYTES;
    /** Longest number (in canonical form) accepted; keeps every value storable in {@code jsonb}'s numeric. */
    static final int MAX_NUMBER_LENGTH = 64;
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    /** Why a detail was refused; {@link #code} is what the invalid marker records. */
    enum Invalid {
        MULTIPLE_VALUES("multiple-values"),
        TOO_LARGE("too-large"),
        NOT_ASCII("not-ascii"),
        NOT_JSON("not-json"),
        NOT_AN_OBJECT("not-an-object"),
        UNSUPPORTED_VALUE("unsupported-value");

        final String code;

        Invalid(String code) {
            this.code = code;
        }

        /** The canonical JSON the record holds in place of the refused detail. */
        String marker() {
            return "{\"invalid\":true,\"reason\":\"" + code + "\"}";
        }
    }

    /** What a service sent: the canonical JSON to record, and why it was refused (null when accepted). */
    record Received(String canonical, Invalid invalid) {}

    private AuditDetail() {}

    /** The detail from the header's values as the service sent them; null when there was none. */
    static Received fromHeader(List<String> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            return refused(Invalid.MULTIPLE_VALUES);
        }
        String text = values.getFirst().strip();
        if (text.length() > MAX_BYTES) {
            return refused(Invalid.TOO_LARGE);
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < 0x20 || text.charAt(i) > 0x7E) {
                return refused(Invalid.NOT_ASCII);
            }
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JacksonException e) {
            return refused(Invalid.NOT_JSON);
        }
        if (node == null || !node.isObject()) {
            return refused(Invalid.NOT_AN_OBJECT);
        }
        StringBuilder out = new StringBuilder(text.length());
        if (!write(node, out, true)) {
            return refused(Invalid.UNSUPPORTED_VALUE);
        }
        return new Received(out.toString(), null);
    }

    /**
     * The canonical form of a detail as stored ({@code jsonb} text). A stored value that cannot be read (only a
     * manual edit makes one) is returned unchanged, so verification reports the record instead of failing.
     */
    static String fromStored(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(stored);
            StringBuilder out = new StringBuilder(stored.length());
            return node != null && write(node, out, false) ? out.toString() : stored;
        } catch (JacksonException e) {
            return stored;
        }
    }

    private static Received refused(Invalid why) {
        return new Received(why.marker(), why);
    }

    /** Appends the canonical JSON of {@code node}; with {@code strict}, false for values jsonb cannot hold. */
    private static boolean write(JsonNode node, StringBuilder out, boolean strict) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<String> names = new ArrayList<>();
                node.fieldNames().forEachRemaining(names::add);
                names.sort(String::compareTo);
                out.append('{');
                for (int i = 0; i < names.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    if (!string(names.get(i), out, strict)) {
                        return false;
                    }
                    out.append(':');
                    if (!write(node.get(names.get(i)), out, strict)) {
                        return false;
                    }
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    if (!write(node.get(i), out, strict)) {
                        return false;
                    }
                }
                out.append(']');
            }
            case STRING -> {
                return string(node.textValue(), out, strict);
            }
            case NUMBER -> {
                String number = number(node.decimalValue());
                if (strict && number.length() > MAX_NUMBER_LENGTH) {
                    return false;
                }
                out.append(number);
            }
            case BOOLEAN -> out.append(node.booleanValue());
            case NULL -> out.append("null");
            default -> {
                return false;
            }
        }
        return true;
    }

    static String number(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }

    /** Writes a JSON string; with {@code strict}, refuses U+0000 and unpaired surrogates, which jsonb cannot hold. */
    private static boolean string(String value, StringBuilder out, boolean strict) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (strict && (c == 0 || Character.isLowSurrogate(c)
                    || Character.isHighSurrogate(c)
                    && (i + 1 == value.length() || !Character.isLowSurrogate(value.charAt(i + 1))))) {
                return false;
            }
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                        if (Character.isHighSurrogate(c) && i + 1 < value.length()
                                && Character.isLowSurrogate(value.charAt(i + 1))) {
                            out.append(value.charAt(++i));
                        }
                    }
                }
            }
        }
        out.append('"');
        return true;
    }
}
