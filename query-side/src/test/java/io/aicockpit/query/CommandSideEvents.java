package io.aicockpit.query;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.aicockpit.coreapi.aiservice.AiServiceCatalogIds;
import io.aicockpit.coreapi.aiservice.AiServiceEvent;
import io.aicockpit.coreapi.tenant.TenantEvent;
import io.aicockpit.coreapi.workspace.WorkspaceEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Appends workspace events the way command-side does: its own JDBC storage engine on the shared event store,
 * Jackson payloads typed by class name with revision "1". The query side sees them only by tracking the store.
 */
public final class CommandSideEvents {
    private static final String AGGREGATE_TYPE = "Workspace";

    private final JdbcEventStorageEngine engine = engine();

    static void createEventTables() {
        engine().createSchema(PostgresEventTableFactory.INSTANCE);
        // command-side's migration V15: every append notifies the read models (EventStoreWakeUp)
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(TestDatabase.EVENT_STORE_URL,
                TestDatabase.USER, "");
             java.sql.Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE FUNCTION eventstore.domainevententry_appended() RETURNS trigger LANGUAGE plpgsql AS
                    $$ BEGIN PERFORM pg_notify('aicockpit_event_store', ''); RETURN NULL; END $$""");
            statement.execute("""
                    CREATE TRIGGER domainevententry_appended AFTER INSERT ON eventstore.domainevententry
                    FOR EACH STATEMENT EXECUTE FUNCTION eventstore.domainevententry_appended()""");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot create the event store's notification trigger", e);
        }
    }

    /** Appends the event as the workspace's next one and returns the sequence number it got. */
    public long append(WorkspaceEvent event, Instant timestamp) {
        return append(AGGREGATE_TYPE, event.workspaceId().toString(), event, timestamp);
    }

    /** Appends the event as the next one of the tenant's AI service catalogue. */
    public long append(AiServiceEvent event, Instant timestamp) {
        return append("TenantAiServices", AiServiceCatalogIds.of(event.tenantId()), event, timestamp);
    }

    /** Appends the event as the next one of the Tenant aggregate (its id is the tenant id). */
    public long append(TenantEvent event, Instant timestamp) {
        return append("Tenant", event.tenantId().value(), event, timestamp);
    }

    private synchronized long append(String aggregateType, String aggregateId, Object event, Instant timestamp) {
        long sequence = engine.lastSequenceNumberFor(aggregateId).map(last -> last + 1).orElse(0L);
        engine.appendEvents(List.of(new GenericDomainEventMessage<>(aggregateType, aggregateId, sequence, event,
                MetaData.emptyInstance(), UUID.randomUUID().toString(), timestamp)));
        return sequence;
    }

    private static JdbcEventStorageEngine engine() {
        DataSource dataSource = new DriverManagerDataSource(TestDatabase.EVENT_STORE_URL, TestDatabase.USER, "");
        Serializer serializer = JacksonSerializer.builder()
                .objectMapper(JsonMapper.builder().addModule(new JavaTimeModule()).build())
                .build();
        return JdbcEventStorageEngine.builder()
                .connectionProvider(new SpringDataSourceConnectionProvider(dataSource))
                .transactionManager(new SpringTransactionManager(new DataSourceTransactionManager(dataSource)))
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .build();
    }
}
