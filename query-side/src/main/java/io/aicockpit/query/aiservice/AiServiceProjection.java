package io.aicockpit.query.aiservice;

import io.aicockpit.coreapi.aiservice.ActiveAiServiceSet;
import io.aicockpit.coreapi.aiservice.AiServiceConnectionTested;
import io.aicockpit.coreapi.aiservice.AiServiceEvent;
import io.aicockpit.coreapi.aiservice.AiServiceRegistered;
import io.aicockpit.coreapi.aiservice.AiServiceRemoved;
import io.aicockpit.coreapi.aiservice.AiServiceSettings;
import io.aicockpit.coreapi.aiservice.AiServiceUpdated;
import io.aicockpit.coreapi.aiservice.FallbackAiServiceSet;
import java.sql.Types;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code ai_service_view} in step with the catalogue events. All of a tenant's services share one aggregate,
 * hence one sequence; every write is guarded by it per row, so redelivered events change nothing. Active and
 * fallback are flags on the rows: setting one rewrites the flag on every row of the tenant.
 */
@Component
@ProcessingGroup(AiServiceProjection.PROCESSING_GROUP)
class AiServiceProjection {
    static final String PROCESSING_GROUP = "ai-service-view";

    private final NamedParameterJdbcTemplate jdbc;

    AiServiceProjection(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(AiServiceEvent event, @SequenceNumber long sequence, @Timestamp Instant timestamp) {
        MapSqlParameterSource p = new MapSqlParameterSource()
                .addValue("tenantId", event.tenantId().value())
                .addValue("id", event.aiServiceId() == null ? null : event.aiServiceId().value(), Types.OTHER)
                .addValue("sequence", sequence)
                .addValue("at", java.sql.Timestamp.from(timestamp));
        switch (event) {
            case AiServiceRegistered registered -> {
                settings(p, registered.settings());
                jdbc.update("""
                        INSERT INTO ai_service_view (tenant_id, ai_service_id, name, kind, base_url, api_key_last4,
                            default_model, azure_deployment, azure_api_version, created_at, updated_at, last_sequence)
                        VALUES (:tenantId, :id, :name, :kind, :baseUrl, :last4, :model, :deployment, :apiVersion,
                            :at, :at, :sequence)
                        ON CONFLICT (ai_service_id) DO NOTHING""", p);
            }
            case AiServiceUpdated updated -> {
                settings(p, updated.settings());
                update(p, """
                        name = :name, kind = :kind, base_url = :baseUrl, api_key_last4 = :last4,
                        default_model = :model, azure_deployment = :deployment, azure_api_version = :apiVersion""");
            }
            case AiServiceRemoved removed -> update(p, "removed = true, active = false, fallback = false");
            case AiServiceConnectionTested tested -> {
                p.addValue("succeeded", tested.succeeded())
                        .addValue("latency", tested.latencyMillis())
                        .addValue("error", tested.error(), Types.VARCHAR);
                update(p, """
                        last_test_succeeded = :succeeded, last_test_latency_ms = :latency,
                        last_test_error = :error, last_tested_at = :at""");
            }
            case ActiveAiServiceSet active -> role(p, "active");
            case FallbackAiServiceSet fallback -> role(p, "fallback");
        }
    }

    /** A replay rebuilds the view from the first event; without this the sequence guard would skip every event. */
    @ResetHandler
    void reset() {
        jdbc.getJdbcOperations().update("DELETE FROM ai_service_view");
    }

    private static void settings(MapSqlParameterSource p, AiServiceSettings s) {
        p.addValue("name", s.name())
                .addValue("kind", s.kind().name())
                .addValue("baseUrl", s.baseUrl())
                .addValue("last4", s.apiKeyLast4(), Types.VARCHAR)
                .addValue("model", s.defaultModel(), Types.VARCHAR)
                .addValue("deployment", s.azureDeployment(), Types.VARCHAR)
                .addValue("apiVersion", s.azureApiVersion(), Types.VARCHAR);
    }

    private void update(MapSqlParameterSource p, String assignments) {
        jdbc.update("UPDATE ai_service_view SET " + assignments + ", updated_at = :at, last_sequence = :sequence"
                + " WHERE tenant_id = :tenantId AND ai_service_id = :id AND last_sequence < :sequence", p);
    }

    /** Exactly one row of the tenant (none when the id is null) holds the role afterwards. */
    private void role(MapSqlParameterSource p, String column) {
        jdbc.update("UPDATE ai_service_view SET " + column + " = (ai_service_id IS NOT DISTINCT FROM :id AND NOT removed),"
                + " last_sequence = :sequence WHERE tenant_id = :tenantId AND last_sequence < :sequence", p);
    }
}
