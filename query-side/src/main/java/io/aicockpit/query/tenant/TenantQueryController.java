package io.aicockpit.query.tenant;

import io.aicockpit.query.web.TrustedCaller;
import io.aicockpit.support.problem.ProblemType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/tenant}: the caller's own tenant's quotas and use (developers need the limits for the create
 * form). {@code GET /api/v1/tenants/{tenantId}}: any tenant, for platform operators only. Use counts every
 * PROVISIONING or RUNNING workspace of the tenant, as the quota check does.
 */
@RestController
class TenantQueryController {
    private static final String SELECT = """
            SELECT t.*, u.running, u.nano_cpus AS used_nano_cpus, u.memory_bytes AS used_memory_bytes
            FROM tenant_view t
            CROSS JOIN LATERAL (
                SELECT count(*) AS running, coalesce(sum(w.nano_cpus), 0) AS nano_cpus,
                    coalesce(sum(w.memory_bytes), 0) AS memory_bytes
                FROM workspace_view w
                WHERE w.tenant_id = t.tenant_id AND w.status IN ('PROVISIONING', 'RUNNING')) u
            WHERE t.tenant_id = :tenantId""";

    private final NamedParameterJdbcTemplate jdbc;

    TenantQueryController(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/api/v1/tenant")
    TenantView own(TrustedCaller caller) {
        caller.requireAnyRole("the tenant's quotas", "ORG_ADMIN", "DEVELOPER", "AUDITOR");
        return find(caller.tenantId().value());
    }

    @GetMapping("/api/v1/tenants/{tenantId}")
    TenantView any(TrustedCaller caller, @PathVariable String tenantId) {
        caller.requireAnyRole("other tenants", "PLATFORM_OPERATOR");
        return find(tenantId);
    }

    private TenantView find(String tenantId) {
        return jdbc.query(SELECT, Map.of("tenantId", tenantId), TenantQueryController::view)
                .stream().findFirst().orElseThrow(() -> notFound(tenantId));
    }

    private static TenantView view(ResultSet rs, int row) throws SQLException {
        long idle = rs.getLong("idle_timeout_seconds");
        Long idleTimeout = rs.wasNull() ? null : idle;
        return new TenantView(rs.getString("tenant_id"), rs.getString("name"),
                new TenantView.Quotas(rs.getInt("max_running_workspaces"),
                        new TenantView.Limits(rs.getLong("default_memory_bytes"), rs.getLong("default_swap_bytes"),
                                rs.getLong("default_nano_cpus"), rs.getLong("default_pids")),
                        new TenantView.Limits(rs.getLong("max_memory_bytes"), rs.getLong("max_swap_bytes"),
                                rs.getLong("max_nano_cpus"), rs.getLong("max_pids"))),
                idleTimeout,
                new TenantView.Usage(rs.getLong("running"), rs.getLong("used_nano_cpus"),
                        rs.getLong("used_memory_bytes")),
                rs.getLong("last_sequence"),
                new TenantView.Placement(selector(rs.getString("node_selector")),
                        rs.getLong("disk_bytes_per_workspace")));
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private static Map<String, String> selector(String json) {
        try {
            return json == null ? Map.of() : JSON.readValue(json,
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() {});
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Map.of();
        }
    }

    private static ErrorResponseException notFound(String tenantId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "Tenant " + tenantId + " does not exist.");
        problem.setType(ProblemType.TENANT_NOT_FOUND.uri());
        problem.setTitle(ProblemType.TENANT_NOT_FOUND.title());
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }
}
