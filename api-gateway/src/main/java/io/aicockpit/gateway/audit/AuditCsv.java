package io.aicockpit.gateway.audit;

import java.util.Arrays;
import java.util.List;

/**
 * CSV lines of the audit export (RFC 4180: comma separated, CRLF line ends, fields with a comma, quote or line
 * break quoted and quotes doubled). Values starting with {@code = + - @}, a tab or a carriage return are prefixed
 * with {@code '} so a spreadsheet opening the file does not run a formula an attacker put into, say, a user agent.
 * The last column is the detail's canonical JSON: it starts with a brace, so it is never prefixed and stays the
 * hashed text, quoted like any other field.
 */
final class AuditCsv {
    static final String HEADER = line(List.of("id", "seq", "time", "tenantId", "actorSubject", "actorName",
            "actorType", "clientIp", "userAgent", "action", "resourceType", "resourceId", "outcome", "status",
            "requestId", "prevHash", "hash", "detail"));

    private AuditCsv() {}

    static String line(AuditRecord r) {
        return line(Arrays.asList(r.id().toString(), Long.toString(r.seq()), r.time().toString(),
                r.tenantId(), r.actorSubject(), r.actorName(), r.actorType(), r.clientIp(), r.userAgent(),
                r.action(), r.resourceType(), r.resourceId(), r.outcome().name(), Integer.toString(r.status()),
                r.requestId(), r.prevHash(), r.hash(), r.detail()));
    }

    static String line(List<String> fields) {
        StringBuilder out = new StringBuilder(256);
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(field(fields.get(i)));
        }
        return out.append("\r\n").toString();
    }

    static String field(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String safe = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0
                || safe.indexOf('\r') >= 0) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }
}
