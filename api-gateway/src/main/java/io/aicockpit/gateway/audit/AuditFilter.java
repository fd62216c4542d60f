package io.aicockpit.gateway.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.util.MultiValueMap;

/**
 * Filters of the audit list and export: exact matches on actor subject, templated action, resource type and id,
 * and outcome; {@code from} inclusive and {@code to} exclusive, as ISO-8601 instants. {@link #parse} collects
 * every invalid parameter, so a 400 names them all.
 */
record AuditFilter(String actor, String action, String resourceType, String resourceId, AuditOutcome outcome,
                   Instant from, Instant to, int limit, Long beforeSeq) {
    private static final String CURSOR_PREFIX = "s1:";

    /** A parameter that was refused, and why. */
    record Violation(String field, String reason) {}

    /** The filter, or the violations when any parameter is invalid. */
    record Parsed(AuditFilter filter, List<Violation> violations) {}

    static Parsed parse(MultiValueMap<String, String> query, int defaultLimit, int maxLimit) {
        List<Violation> violations = new ArrayList<>();
        for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
            if (parameter.getValue().size() > 1) {
                violations.add(new Violation(parameter.getKey(), "must be given once"));
            }
        }
        AuditOutcome outcome = null;
        String outcomeText = text(query, "outcome", violations);
        if (outcomeText != null) {
            try {
                outcome = AuditOutcome.valueOf(outcomeText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                violations.add(new Violation("outcome", "must be ALLOWED, DENIED or FAILED"));
            }
        }
        Instant from = instant(query, "from", violations);
        Instant to = instant(query, "to", violations);
        if (from != null && to != null && !from.isBefore(to)) {
            violations.add(new Violation("to", "must be after from"));
        }
        int limit = defaultLimit;
        String limitText = query.getFirst("limit");
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
                if (limit < 1 || limit > maxLimit) {
                    violations.add(new Violation("limit", "must be between 1 and " + maxLimit));
                }
            } catch (NumberFormatException e) {
                violations.add(new Violation("limit", "must be a number"));
            }
        }
        Long beforeSeq = null;
        String cursor = query.getFirst("cursor");
        if (cursor != null) {
            beforeSeq = decodeCursor(cursor);
            if (beforeSeq == null) {
                violations.add(new Violation("cursor", "is not a cursor this API returned"));
            }
        }
        AuditFilter filter = new AuditFilter(text(query, "actor", violations), text(query, "action", violations),
                text(query, "resourceType", violations), text(query, "resourceId", violations), outcome, from, to,
                limit, beforeSeq);
        return new Parsed(filter, violations);
    }

    /** The filter continuing after {@code seq}, newest first. */
    AuditFilter before(long seq) {
        return new AuditFilter(actor, action, resourceType, resourceId, outcome, from, to, limit, seq);
    }

    static String encodeCursor(long seq) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((CURSOR_PREFIX + seq).getBytes(StandardCharsets.UTF_8));
    }

    static Long decodeCursor(String cursor) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!decoded.startsWith(CURSOR_PREFIX)) {
                return null;
            }
            long seq = Long.parseLong(decoded.substring(CURSOR_PREFIX.length()));
            return seq > 0 ? seq : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String text(MultiValueMap<String, String> query, String name, List<Violation> violations) {
        String value = query.getFirst(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > 512) {
            violations.add(new Violation(name, "must be at most 512 characters"));
            return null;
        }
        return value;
    }

    private static Instant instant(MultiValueMap<String, String> query, String name, List<Violation> violations) {
        String value = query.getFirst(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            violations.add(new Violation(name, "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z"));
            return null;
        }
    }
}
