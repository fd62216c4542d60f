package io.aicockpit.query.usage;

import io.aicockpit.query.web.InvalidRequestException;
import io.aicockpit.query.web.TrustedCaller;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tenant admins and auditors see what their tenant used, by user, model, UTC day or workspace, as JSON or CSV: AI
 * requests and tokens next to container CPU-seconds, memory-GiB-seconds and disk-GiB-hours, in one report.
 * {@code from} and {@code to} are ISO instants or dates (a date means its start, UTC; {@code to} is exclusive);
 * the default is the last 30 days. {@code failed} counts FAILED and REFUSED requests.
 */
@RestController
@RequestMapping("/api/v1/usage")
class UsageReportController {
    static final Duration DEFAULT_RANGE = Duration.ofDays(30);
    static final Duration MAX_RANGE = Duration.ofDays(366);
    private static final MediaType CSV = new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8);

    private final UsageReportReader reader;
    private final Clock clock = Clock.systemUTC();

    UsageReportController(UsageReportReader reader) {
        this.reader = reader;
    }

    /**
     * One row of the report: AI requests and tokens next to container time. {@code cpuSeconds} is CPU time used,
     * {@code memoryGibSeconds} memory held × time, {@code diskGibHours} {@code /workspace} size × time.
     */
    record UsageRow(String key, long requests, long promptTokens, long completionTokens, long failed,
                    BigDecimal cpuSeconds, BigDecimal memoryGibSeconds, BigDecimal diskGibHours) {}

    record UsageReport(List<UsageRow> rows, Instant from, Instant to, String groupBy) {}

    @GetMapping
    ResponseEntity<?> report(TrustedCaller caller,
                             @RequestParam(required = false) @Nullable String from,
                             @RequestParam(required = false) @Nullable String to,
                             @RequestParam(defaultValue = "day") String groupBy,
                             @RequestParam(defaultValue = "json") String format) {
        caller.requireAnyRole("usage", "ORG_ADMIN", "AUDITOR");
        String group = groupBy.toLowerCase(Locale.ROOT);
        if (!UsageReportReader.GROUPINGS.contains(group)) {
            throw new InvalidRequestException("groupBy", "must be one of user, model, day, workspace");
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
        List<UsageRow> rows = reader.rows(caller.tenantId(), group, start, end);
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
        StringBuilder out = new StringBuilder(group)
                .append(",requests,promptTokens,completionTokens,failed,cpuSeconds,memoryGibSeconds,diskGibHours\r\n");
        for (UsageRow row : rows) {
            out.append(cell(row.key())).append(',').append(row.requests()).append(',').append(row.promptTokens())
                    .append(',').append(row.completionTokens()).append(',').append(row.failed())
                    .append(',').append(row.cpuSeconds().toPlainString())
                    .append(',').append(row.memoryGibSeconds().toPlainString())
                    .append(',').append(row.diskGibHours().toPlainString()).append("\r\n");
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
