package io.aicockpit.aiworker.catalog;

import io.aicockpit.coreapi.aiservice.ActiveAiServiceSet;
import io.aicockpit.coreapi.aiservice.AiServiceConnectionTested;
import io.aicockpit.coreapi.aiservice.AiServiceEvent;
import io.aicockpit.coreapi.aiservice.AiServiceId;
import io.aicockpit.coreapi.aiservice.AiServiceRegistered;
import io.aicockpit.coreapi.aiservice.AiServiceRemoved;
import io.aicockpit.coreapi.aiservice.AiServiceSettings;
import io.aicockpit.coreapi.aiservice.AiServiceUpdated;
import io.aicockpit.coreapi.aiservice.FallbackAiServiceSet;
import java.sql.Types;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code ai_service} and {@code ai_routing} in step with the catalogue events. All of a tenant's catalogue
 * events share one aggregate sequence, and every write is guarded by it, so redeliveries and replays of events a
 * row already reflects change nothing. Runs in the tracking processor's transaction, together with its token.
 */
@Component
@ProcessingGroup(AiServiceProjection.PROCESSING_GROUP)
class AiServiceProjection {
    static final String PROCESSING_GROUP = "ai-service-catalog";
    private static final Logger log = LoggerFactory.getLogger(AiServiceProjection.class);

    private final NamedParameterJdbcTemplate jdbc;

    AiServiceProjection(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(AiServiceEvent event, @SequenceNumber long sequence) {
        int written = switch (event) {
            case AiServiceRegistered registered -> upsertService(registered, registered.settings(), sequence);
            case AiServiceUpdated updated -> upsertService(updated, updated.settings(), sequence);
            case AiServiceRemoved removed -> remove(removed, sequence);
            case ActiveAiServiceSet active -> route(active, "active_service_id", active.aiServiceId(), sequence);
            case FallbackAiServiceSet fallback -> route(fallback, "fallback_service_id", fallback.aiServiceId(),
                    sequence);
            case AiServiceConnectionTested ignored -> 1;
        };
        if (written == 0) {
            log.atDebug().addKeyValue("tenantId", event.tenantId()).addKeyValue("sequence", sequence)
                    .addKeyValue("eventType", event.getClass().getSimpleName())
                    .log("ignored a catalogue event the tables already reflect");
        }
    }

    /** A replay rebuilds the tables from the first event; without this the sequence guard would skip every event. */
    @ResetHandler
    void reset() {
        jdbc.getJdbcOperations().update("DELETE FROM ai_service");
        jdbc.getJdbcOperations().update("DELETE FROM ai_routing");
    }

    private int upsertService(AiServiceEvent event, AiServiceSettings settings, long sequence) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("tenantId", event.tenantId().value())
                .addValue("id", event.aiServiceId().value())
                .addValue("name", settings.name(), Types.VARCHAR)
                .addValue("kind", settings.kind().name())
                .addValue("baseUrl", settings.baseUrl())
                .addValue("keyRef", settings.apiKey() == null ? null : settings.apiKey().value(), Types.OTHER)
                .addValue("defaultModel", settings.defaultModel(), Types.VARCHAR)
                .addValue("azureDeployment", settings.azureDeployment(), Types.VARCHAR)
                .addValue("azureApiVersion", settings.azureApiVersion(), Types.VARCHAR)
                .addValue("sequence", sequence);
        return jdbc.update("""
                INSERT INTO ai_service (tenant_id, ai_service_id, name, kind, base_url, key_ref, default_model,
                    azure_deployment, azure_api_version, removed, last_sequence)
                VALUES (:tenantId, :id, :name, :kind, :baseUrl, :keyRef, :defaultModel, :azureDeployment,
                    :azureApiVersion, false, :sequence)
                ON CONFLICT (ai_service_id) DO UPDATE SET name = excluded.name, kind = excluded.kind,
                    base_url = excluded.base_url, key_ref = excluded.key_ref, default_model = excluded.default_model,
                    azure_deployment = excluded.azure_deployment, azure_api_version = excluded.azure_api_version,
                    last_sequence = excluded.last_sequence
                WHERE ai_service.tenant_id = excluded.tenant_id AND ai_service.last_sequence < excluded.last_sequence
                """, params);
    }

    private int remove(AiServiceRemoved removed, long sequence) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("tenantId", removed.tenantId().value())
                .addValue("id", removed.aiServiceId().value())
                .addValue("sequence", sequence);
        jdbc.update("""
                UPDATE ai_routing SET
                    active_service_id = CASE WHEN active_service_id = :id THEN NULL ELSE active_service_id END,
                    fallback_service_id = CASE WHEN fallback_service_id = :id THEN NULL ELSE fallback_service_id END,
                    last_sequence = :sequence
                WHERE tenant_id = :tenantId AND last_sequence < :sequence""", params);
        return jdbc.update("""
                UPDATE ai_service SET removed = true, last_sequence = :sequence
                WHERE ai_service_id = :id AND tenant_id = :tenantId AND last_sequence < :sequence""", params);
    }

    private int route(AiServiceEvent event, String column, AiServiceId serviceId, long sequence) {
        UUID id = serviceId == null ? null : serviceId.value();
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("tenantId", event.tenantId().value())
                .addValue("id", id, Types.OTHER)
                .addValue("sequence", sequence);
        // column comes only from this class, never from input
        return jdbc.update("INSERT INTO ai_routing (tenant_id, " + column + ", last_sequence)"
                + " VALUES (:tenantId, :id, :sequence)"
                + " ON CONFLICT (tenant_id) DO UPDATE SET " + column + " = excluded." + column
                + ", last_sequence = excluded.last_sequence"
                + " WHERE ai_routing.last_sequence < excluded.last_sequence", params);
    }
}
