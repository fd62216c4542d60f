package io.aicockpit.gateway.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * The byte form an audit record's hash is computed over. It is defined here, field by field in a fixed order,
 * rather than taken from JSON, because JSON (and {@code jsonb} in particular) does not keep key order or number
 * formatting stable. Each field is written as {@code <length in UTF-8 bytes>:<value>;}, a null as {@code -;}, so
 * no value can be shifted into its neighbour. The previous link's hash is a field, which makes the records a chain.
 * A record with a detail has one more field at the end, the detail's canonical JSON; a record without one has the
 * form it had before details existed, so chains written then still verify.
 */
final class AuditCanonicalForm {
    static final String VERSION = "aicockpit-audit-v1";
    static final String GENESIS = "0".repeat(64);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private AuditCanonicalForm() {}

    static String canonical(AuditRecord r) {
        StringBuilder out = new StringBuilder(512);
        for (String field : new String[] {VERSION, r.tenantId(), Long.toString(r.seq()), r.id().toString(),
                TIME.format(r.time()), r.actorSubject(), r.actorName(), r.actorType(), r.clientIp(), r.userAgent(),
                r.action(), r.resourceType(), r.resourceId(), r.outcome().name(), Integer.toString(r.status()),
                r.requestId(), r.prevHash()}) {
            append(out, field);
        }
        if (r.detail() != null) {
            append(out, r.detail());
        }
        return out.toString();
    }

    private static void append(StringBuilder out, String field) {
        if (field == null) {
            out.append("-;");
        } else {
            out.append(field.getBytes(StandardCharsets.UTF_8).length).append(':').append(field).append(';');
        }
    }

    /** Lowercase hex SHA-256 of the canonical form. */
    static String hash(AuditRecord record) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(canonical(record).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the JDK", e);
        }
    }
}
