package io.aicockpit.query.usage;

import io.aicockpit.query.web.InvalidRequestException;
import io.aicockpit.query.web.TrustedCaller;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tenant admins and auditors see what their tenant's AI requests cost, by user, model or UTC day, as JSON or CSV.
 * {@code from} and {@code to} are ISO instants or dates (a date means its start, UTC; {@code to} is exclusive);
 * the default is the last 30 days. {@code failed} counts FAILED and REFUSED requests.
 */
@RestController
@RequestMapping("/api/v1/usage")
class UsageReportController {
    static final Duration DEFAULT_RANGE = Duration.ofDays(30);
    static final Duration MAX_RANGE = Duration.ofDays(366);
    private static final Map<String, String> GROUP_KEYS = Map.of(
            "user", "coalesce(user_subject, '')",
            "model", "coalesce(model, '')",
            "day", "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD')");
    private static final MediaType CSV = new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8);

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock = Clock.systemUTC();

    UsageReportController(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    record UsageRow(String key, long requests, long promptTokens, long completionTokens, long failed) {}

    record UsageReport(List<UsageRow> rows, Instant from, Instant to, String groupBy) {}

    @GetMapping
    ResponseEntity<?> report(TrustedCaller caller,
                             @RequestParam(required = false) @Nullable String from,
                             @RequestParam(required = false) @Nullable String to,
                             @RequestParam(defaultValue = "day") String groupBy,
                             @RequestParam(defaultValue = "json") String format) {
        caller.requireAnyRole("usage", "ORG_ADMIN", "AUDITOR");
        String group = groupBy.toLowerCase(Locale.ROOT);
        if (!GROUP_KEYS.containsKey(group)) {
            throw new InvalidRequestException("groupBy", "must be one of user, model, day");
        }
        if (!format.equals("json") && !format.equals("csv")) {
            throw new InvalidRequestException("format", "must be json or csv");
        }
        Instant end = to == null ? clock.instant().truncatedTo(ChronoUnit.SECONDS) : instant("to", to);
        Instant start = from == null ? end.minus(DEFAULT_RANGE) : instant("from", from);
        if (!start.isBefore(end)) {
            throw new InvalidRequestException("from", "must be before to");
        }
        if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            throw new InvalidRequestException("from", "must be at most 366 days before to");
        }
        List<UsageRow> rows = jdbc.query("SELECT " + GROUP_KEYS.get(group) + " AS key, count(*) AS requests,"
                        + " coalesce(sum(prompt_tokens), 0) AS prompt, coalesce(sum(completion_tokens), 0) AS completion,"
                        + " count(*) FILTER (WHERE outcome IN ('FAILED', 'REFUSED')) AS failed"
                        + " FROM usage_record WHERE tenant_id = :tenantId AND at >= :from AND at < :to"
                        + " GROUP BY 1 ORDER BY 1",
                Map.of("tenantId", caller.tenantId().value(), "from", Timestamp.from(start), "to", Timestamp.from(end)),
                (rs, i) -> new UsageRow(rs.getString("key"), rs.getLong("requests"), rs.getLong("prompt"),
                        rs.getLong("completion"), rs.getLong("failed")));
        if (format.equals("csv")) {
            return ResponseEntity.ok().contentType(CSV)
                    .header("Content-Disposition", "attachment; filename=\"usage-by-" + group + ".csv\"")
                    .body(csv(group, rows));
        }
        return ResponseEntity.ok(new UsageReport(rows, start, end, group));
    }

    private static Instant instant(String field, String value) {
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(field, "must be an ISO date (2026-04-01) or instant (2026-04-01T00:00:00Z)");
        }
    }

    static String csv(String group, List<UsageRow> rows) {
        StringBuilder out = new StringBuilder(group).append(",requests,promptTokens,completionTokens,failed\r\n");
        for (UsageRow row : rows) {
            out.append(cell(row.key())).append(',').append(row.requests()).append(',').append(row.promptTokens())
                    .append(',').append(row.completionTokens()).append(',').append(row.failed()).append("\r\n");
        }
        return out.toString();
    }

    /** RFC 4180 quoting; a leading =, +, - or @ is defused so a spreadsheet does not run it as a formula. */
    static String cell(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            v = "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }
}
