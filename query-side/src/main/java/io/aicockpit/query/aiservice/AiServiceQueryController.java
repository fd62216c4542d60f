package io.aicockpit.query.aiservice;

import io.aicockpit.support.problem.ProblemType;
import io.aicockpit.query.web.TrustedCaller;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Org admins read their tenant's AI services. Removed services are gone here; another tenant's service is the
 * same 404 as a missing one. The catalogue is small (a handful of services), so the list is not paged.
 */
@RestController
@RequestMapping("/api/v1/ai-services")
class AiServiceQueryController {
    private static final String COLUMNS = """
            ai_service_id, name, kind, base_url, api_key_last4, default_model, azure_deployment, azure_api_version,
            active, fallback, last_test_succeeded, last_test_latency_ms, last_test_error, last_tested_at, created_at,
            updated_at, last_sequence""";

    private final NamedParameterJdbcTemplate jdbc;

    AiServiceQueryController(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    record AiServiceList(List<AiServiceView> items) {}

    @GetMapping
    AiServiceList list(TrustedCaller caller) {
        caller.requireAnyRole("AI services", "ORG_ADMIN");
        return new AiServiceList(jdbc.query("SELECT " + COLUMNS + " FROM ai_service_view"
                        + " WHERE tenant_id = :tenantId AND NOT removed ORDER BY lower(name), ai_service_id",
                Map.of("tenantId", caller.tenantId().value()), AiServiceQueryController::view));
    }

    @GetMapping("/{aiServiceId}")
    AiServiceView get(TrustedCaller caller, @PathVariable UUID aiServiceId) {
        caller.requireAnyRole("AI services", "ORG_ADMIN");
        return jdbc.query("SELECT " + COLUMNS + " FROM ai_service_view"
                                + " WHERE tenant_id = :tenantId AND ai_service_id = :id AND NOT removed",
                        Map.of("tenantId", caller.tenantId().value(), "id", aiServiceId),
                        AiServiceQueryController::view)
                .stream().findFirst().orElseThrow(() -> notFound(aiServiceId));
    }

    private static AiServiceView view(ResultSet rs, int row) throws SQLException {
        boolean tested = rs.getObject("last_test_succeeded") != null;
        return new AiServiceView(rs.getObject("ai_service_id", UUID.class), rs.getString("name"),
                rs.getString("kind"), rs.getString("base_url"), rs.getString("api_key_last4"),
                rs.getString("default_model"), rs.getString("azure_deployment"), rs.getString("azure_api_version"),
                rs.getBoolean("active"), rs.getBoolean("fallback"),
                tested ? new AiServiceView.LastTest(rs.getBoolean("last_test_succeeded"),
                        rs.getLong("last_test_latency_ms"), rs.getString("last_test_error"),
                        rs.getTimestamp("last_tested_at").toInstant()) : null,
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                rs.getLong("last_sequence"));
    }

    private static ErrorResponseException notFound(UUID id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "AI service " + id + " does not exist.");
        problem.setType(ProblemType.AI_SERVICE_NOT_FOUND.uri());
        problem.setTitle(ProblemType.AI_SERVICE_NOT_FOUND.title());
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }
}
