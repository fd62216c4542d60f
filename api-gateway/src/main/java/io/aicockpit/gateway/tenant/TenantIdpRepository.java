package io.aicockpit.gateway.tenant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aicockpit.coreapi.common.TenantId;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Blocking JDBC access to {@code tenant_idp}; callers move it off the event loop. */
@Repository
class TenantIdpRepository {
    private static final String COLUMNS = "tenant_id, issuer, audiences, role_claim, role_mapping::text AS role_mapping, "
            + "tenant_requests_per_minute, user_requests_per_minute, tenant_ai_tokens_per_minute, "
            + "user_ai_tokens_per_minute, updated_at";
    private static final TypeReference<Map<String, String>> MAPPING = new TypeReference<>() {};

    /** A stored row with its modification time. */
    record StoredTenant(TenantSettings settings, Instant updatedAt) {}

    private final JdbcClient jdbc;
    private final ObjectMapper json = new ObjectMapper();

    TenantIdpRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<StoredTenant> byTenant(TenantId tenantId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM tenant_idp WHERE tenant_id = ?")
                .param(tenantId.value()).query(this::map).optional();
    }

    Optional<StoredTenant> byIssuer(String issuer) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM tenant_idp WHERE issuer = ?")
                .param(issuer).query(this::map).optional();
    }

    /** Registered tenants after {@code afterTenantId} (exclusive, null for the first page), by tenant id. */
    List<StoredTenant> page(String afterTenantId, int limit) {
        if (afterTenantId == null) {
            return jdbc.sql("SELECT " + COLUMNS + " FROM tenant_idp ORDER BY tenant_id LIMIT ?")
                    .param(limit).query(this::map).list();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM tenant_idp WHERE tenant_id > ? ORDER BY tenant_id LIMIT ?")
                .params(afterTenantId, limit).query(this::map).list();
    }

    List<String> allIssuers() {
        return jdbc.sql("SELECT DISTINCT issuer FROM tenant_idp").query(String.class).list();
    }

    /** Inserts or replaces the tenant's row; a duplicate issuer of another tenant raises DuplicateKeyException. */
    StoredTenant save(TenantSettings settings) {
        RateLimitSettings limits = settings.rateLimits();
        jdbc.sql("""
                INSERT INTO tenant_idp (tenant_id, issuer, audiences, role_claim, role_mapping,
                    tenant_requests_per_minute, user_requests_per_minute, tenant_ai_tokens_per_minute,
                    user_ai_tokens_per_minute, updated_at)
                VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, now())
                ON CONFLICT (tenant_id) DO UPDATE SET issuer = EXCLUDED.issuer, audiences = EXCLUDED.audiences,
                    role_claim = EXCLUDED.role_claim, role_mapping = EXCLUDED.role_mapping,
                    tenant_requests_per_minute = EXCLUDED.tenant_requests_per_minute,
                    user_requests_per_minute = EXCLUDED.user_requests_per_minute,
                    tenant_ai_tokens_per_minute = EXCLUDED.tenant_ai_tokens_per_minute,
                    user_ai_tokens_per_minute = EXCLUDED.user_ai_tokens_per_minute, updated_at = now()
                """)
                .params(settings.tenantId().value(), settings.issuer(), settings.audiences().toArray(String[]::new),
                        settings.roleClaim(), write(settings.roleMapping()), limits.tenantRequestsPerMinute(),
                        limits.userRequestsPerMinute(), limits.tenantAiTokensPerMinute(),
                        limits.userAiTokensPerMinute())
                .update();
        return byTenant(settings.tenantId()).orElseThrow();
    }

    private StoredTenant map(ResultSet row, int rowNumber) throws SQLException {
        Array audiences = row.getArray("audiences");
        TenantSettings settings = new TenantSettings(TenantId.of(row.getString("tenant_id")),
                row.getString("issuer"), List.of((String[]) audiences.getArray()), row.getString("role_claim"),
                read(row.getString("role_mapping")),
                new RateLimitSettings(row.getLong("tenant_requests_per_minute"),
                        row.getLong("user_requests_per_minute"), row.getLong("tenant_ai_tokens_per_minute"),
                        row.getLong("user_ai_tokens_per_minute")));
        return new StoredTenant(settings, row.getTimestamp("updated_at").toInstant());
    }

    private String write(Map<String, String> mapping) {
        try {
            return json.writeValueAsString(mapping);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("role mapping is a plain string map", e);
        }
    }

    private Map<String, String> read(String mapping) {
        try {
            return Map.copyOf(json.readValue(mapping, MAPPING));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored role mapping is not a string map", e);
        }
    }
}
