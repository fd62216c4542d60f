package io.aicockpit.query.aiservice;

import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.query.tenancy.TenantScopedReads;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Reads {@code ai_service_view} for one tenant, behind the row-level-security fence of {@link TenantScopedReads}. */
@Component
class AiServiceViewReader {
    private static final String COLUMNS = """
            ai_service_id, name, kind, base_url, api_key_last4, default_model, azure_deployment, azure_api_version,
            active, fallback, last_test_succeeded, last_test_latency_ms, last_test_error, last_tested_at, created_at,
            updated_at, last_sequence""";

    private final TenantScopedReads reads;

    AiServiceViewReader(TenantScopedReads reads) {
        this.reads = reads;
    }

    /** The tenant's services that are not removed, by name. */
    List<AiServiceView> list(TenantId tenant) {
        return reads.asTenant(tenant.value(), jdbc -> jdbc.query("SELECT " + COLUMNS + " FROM ai_service_view"
                        + " WHERE tenant_id = :tenantId AND NOT removed ORDER BY lower(name), ai_service_id",
                Map.of("tenantId", tenant.value()), AiServiceViewReader::view));
    }

    Optional<AiServiceView> find(TenantId tenant, UUID aiServiceId) {
        return reads.asTenant(tenant.value(), jdbc -> jdbc.query("SELECT " + COLUMNS + " FROM ai_service_view"
                                + " WHERE tenant_id = :tenantId AND ai_service_id = :id AND NOT removed",
                        Map.of("tenantId", tenant.value(), "id", aiServiceId), AiServiceViewReader::view)
                .stream().findFirst());
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
}
