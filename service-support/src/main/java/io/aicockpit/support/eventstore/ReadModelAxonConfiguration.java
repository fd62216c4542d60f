package io.aicockpit.support.eventstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/**
 * The Axon beans of a service that projects command-side's events without writing any (query-side, ai-worker): the
 * shared JDBC event store, read-only, polled often enough for other processes' events. Declared rather than
 * auto-configured for exactly that. A service extends this in its own {@code @Configuration} and names its poll
 * interval.
 */
public abstract class ReadModelAxonConfiguration {

    /** How long the event store waits before looking for events appended by other processes. */
    protected abstract Duration eventPollInterval();

    /**
     * Stored events are read with their own mapper, so web settings can never change how they deserialize.
     * Unknown properties are ignored so that command-side may add fields before this service knows them.
     */
    @Bean("defaultAxonObjectMapper")
    public ObjectMapper defaultAxonObjectMapper() {
        return ReadModelEventStore.eventMapper();
    }

    /** Boot's web mapper backs off once any ObjectMapper bean exists, so it is declared again here. */
    @Bean
    @Primary
    public ObjectMapper objectMapper(Jackson2ObjectMapperBuilder builder) {
        return builder.createXmlMapper(false).build();
    }

    @Bean
    public EventStorageEngine eventStorageEngine(Serializer defaultSerializer,
                                                 @Qualifier("eventSerializer") Serializer eventSerializer,
                                                 Configuration configuration,
                                                 ConnectionProvider connectionProvider,
                                                 TransactionManager transactionManager) {
        return ReadModelEventStore.readOnlyEngine(defaultSerializer, eventSerializer, configuration, connectionProvider,
                transactionManager);
    }

    @Bean(name = "eventBus")
    @Qualifier("eventStore")
    public EmbeddedEventStore eventStore(EventStorageEngine storageEngine, Configuration configuration) {
        return ReadModelEventStore.eventStore(storageEngine, configuration, eventPollInterval());
    }

    /**
     * A projection that skipped a failed event would stay wrong for good, so a failing handler fails the batch:
     * the tracking processor rolls back its transaction, including the token, and retries with back-off.
     */
    @Bean
    public ConfigurerModule propagateProjectionErrors() {
        return ReadModelEventStore.propagateHandlerErrors();
    }
}
