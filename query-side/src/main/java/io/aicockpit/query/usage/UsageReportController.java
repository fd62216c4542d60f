package io.aicockpit.query.usage;

import io.aicockpit.query.web.InvalidRequestException;
import io.aicockpit.query.web.TrustedCaller;
import java.math.BigDecimal;
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
    /** The key of an AI request row per grouping; AI requests name no workspace. */
    private static final Map<String, String> AI_KEYS = Map.of(
            "user", "coalesce(user_subject, '')",
            "model", "coalesce(model, '')",
            "day", "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
            "workspace", "''");
    /**
     * The key of a container usage row per grouping: the owner recorded by the node, else the workspace's owner;
     * containers run no model, so they fall into the model-less row and every grouping adds up to the same totals.
     */
    private static final Map<String, String> CONTAINER_KEYS = Map.of(
            "user", "coalesce(c.owner_subject, w.owner_subject, '')",
            "model", "''",
            "day", "to_char(c.to_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
            "workspace", "c.workspace_id::text");
    private static final MediaType CSV = new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8);

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock = Clock.systemUTC();

    UsageReportController(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
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
        if (!AI_KEYS.containsKey(group)) {
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
        // both sides filter by tenant; a container window counts where it ends, an AI request where it happened
        List<UsageRow> rows = jdbc.query("WITH ai AS (SELECT " + AI_KEYS.get(group) + " AS key, count(*) AS requests,"
                        + " coalesce(sum(prompt_tokens), 0) AS prompt, coalesce(sum(completion_tokens), 0) AS completion,"
                        + " count(*) FILTER (WHERE outcome IN ('FAILED', 'REFUSED')) AS failed"
                        + " FROM usage_record WHERE tenant_id = :tenantId AND at >= :from AND at < :to GROUP BY 1),"
                        + " ct AS (SELECT " + CONTAINER_KEYS.get(group) + " AS key, sum(c.cpu_seconds) AS cpu,"
                        + " sum(c.memory_gib_seconds) AS memory, sum(c.disk_gib_hours) AS disk"
                        + " FROM container_usage_record c LEFT JOIN workspace_view w"
                        + " ON w.tenant_id = c.tenant_id AND w.workspace_id = c.workspace_id"
                        + " WHERE c.tenant_id = :tenantId AND c.to_at >= :from AND c.to_at < :to GROUP BY 1)"
                        + " SELECT coalesce(ai.key, ct.key) AS key, coalesce(ai.requests, 0) AS requests,"
                        + " coalesce(ai.prompt, 0) AS prompt, coalesce(ai.completion, 0) AS completion,"
                        + " coalesce(ai.failed, 0) AS failed,"
                        + " round(coalesce(ct.cpu, 0)::numeric, 3) AS cpu,"
                        + " round(coalesce(ct.memory, 0)::numeric, 3) AS memory,"
                        + " round(coalesce(ct.disk, 0)::numeric, 6) AS disk"
                        + " FROM ai FULL OUTER JOIN ct ON ai.key = ct.key ORDER BY 1",
                Map.of("tenantId", caller.tenantId().value(), "from", Timestamp.from(start), "to", Timestamp.from(end)),
                (rs, i) -> new UsageRow(rs.getString("key"), rs.getLong("requests"), rs.getLong("prompt"),
                        rs.getLong("completion"), rs.getLong("failed"), rs.getBigDecimal("cpu"),
                        rs.getBigDecimal("memory"), rs.getBigDecimal("disk")));
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
