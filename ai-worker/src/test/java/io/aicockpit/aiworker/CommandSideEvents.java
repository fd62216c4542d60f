package io.aicockpit.aiworker;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.aicockpit.coreapi.aiservice.AiServiceCatalogIds;
import io.aicockpit.coreapi.aiservice.AiServiceEvent;
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
 * Appends AI service catalogue events the way command-side does: its own JDBC storage engine on the shared event
 * store, Jackson payloads typed by class name. ai-worker sees them only by tracking the store.
 */
public final class CommandSideEvents {
    private static final String AGGREGATE_TYPE = "AiServiceCatalog";
    private static final JdbcEventStorageEngine ENGINE = engine();

    private CommandSideEvents() {}

    static void createEventTables() {
        ENGINE.createSchema(PostgresEventTableFactory.INSTANCE);
    }

    /** Appends the event as the tenant catalogue's next one and returns the sequence number it got. */
    public static synchronized long append(AiServiceEvent event) {
        String aggregateId = AiServiceCatalogIds.of(event.tenantId());
        long sequence = ENGINE.lastSequenceNumberFor(aggregateId).map(last -> last + 1).orElse(0L);
        ENGINE.appendEvents(List.of(new GenericDomainEventMessage<>(AGGREGATE_TYPE, aggregateId, sequence, event,
                MetaData.emptyInstance(), UUID.randomUUID().toString(), Instant.now())));
        return sequence;
    }

    /** A plain data source on the test database, as command-side would have it. */
    static DataSource dataSource() {
        return new DriverManagerDataSource(TestDatabase.COMMAND_SIDE_URL, TestDatabase.USER, "");
    }

    private static JdbcEventStorageEngine engine() {
        DataSource dataSource = dataSource();
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
