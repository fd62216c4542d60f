package io.aicockpit.support.eventstore;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Duration;
import java.util.List;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;

/**
 * How a read model (query-side, ai-worker) uses command-side's JDBC event store: read and track, never append;
 * poll for other processes' events often enough for the projection lag target; and fail a batch instead of
 * skipping an event a handler could not apply, because a projection that skipped one would stay wrong for good.
 */
public final class ReadModelEventStore {
    private ReadModelEventStore() {}

    /** JSON of stored events: ISO timestamps; unknown properties ignored, so command-side may add fields first. */
    public static ObjectMapper eventMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /** The shared JDBC store, refusing to append events or snapshots. */
    public static EventStorageEngine readOnlyEngine(Serializer snapshotSerializer, Serializer eventSerializer,
                                                    Configuration configuration, ConnectionProvider connections,
                                                    TransactionManager transactions) {
        return new ReadOnlyEngine(JdbcEventStorageEngine.builder()
                .snapshotSerializer(snapshotSerializer)
                .eventSerializer(eventSerializer)
                .upcasterChain(configuration.upcasterChain())
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connections)
                .transactionManager(transactions));
    }

    /** The event store over {@code engine}, polling for events other processes appended every {@code poll}. */
    public static EmbeddedEventStore eventStore(EventStorageEngine engine, Configuration configuration,
                                                Duration poll) {
        return eventStoreBuilder(engine, configuration, poll).build();
    }

    /** The settings of {@link #eventStore}, for a read model that builds a subclass of the event store. */
    public static EmbeddedEventStore.Builder eventStoreBuilder(EventStorageEngine engine, Configuration configuration,
                                                               Duration poll) {
        return EmbeddedEventStore.builder()
                .storageEngine(engine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .fetchDelay(poll.toMillis());
    }

    /** A failing handler fails its batch: the tracking processor rolls back (token included) and retries. */
    public static ConfigurerModule propagateHandlerErrors() {
        return configurer -> configurer.eventProcessing()
                .registerDefaultListenerInvocationErrorHandler(config -> PropagatingErrorHandler.instance());
    }

    private static final class ReadOnlyEngine extends JdbcEventStorageEngine {
        ReadOnlyEngine(JdbcEventStorageEngine.Builder builder) {
            super(builder);
        }

        @Override
        protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
            throw new UnsupportedOperationException("read models never append events; command-side owns the event store");
        }

        @Override
        protected void storeSnapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
            throw new UnsupportedOperationException("read models never store snapshots");
        }
    }
}
