package io.aicockpit.aiworker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aicockpit.coreapi.eventstore.ReadModelEventStore;
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
 * Axon on the shared JDBC event store. The storage engine and event store are declared here rather than
 * auto-configured so that the engine is read-only and the store polls for other processes' events often enough.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class AxonConfig {

    /**
     * Stored events are read with their own mapper, so web settings can never change how they deserialize.
     * Unknown properties are ignored so that command-side may add fields before ai-worker knows them.
     */
    @Bean("defaultAxonObjectMapper")
    ObjectMapper defaultAxonObjectMapper() {
        return ReadModelEventStore.eventMapper();
    }

    /** Boot's web mapper backs off once any ObjectMapper bean exists, so it is declared again here. */
    @Bean
    @Primary
    ObjectMapper objectMapper(Jackson2ObjectMapperBuilder builder) {
        return builder.createXmlMapper(false).build();
    }

    @Bean
    EventStorageEngine eventStorageEngine(Serializer defaultSerializer,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          Configuration configuration,
                                          ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager) {
        return ReadModelEventStore.readOnlyEngine(defaultSerializer, eventSerializer, configuration, connectionProvider,
                transactionManager);
    }

    @Bean(name = "eventBus")
    @Qualifier("eventStore")
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, Configuration configuration,
                                  AiWorkerProperties properties) {
        return ReadModelEventStore.eventStore(storageEngine, configuration, properties.eventPollInterval());
    }

    /**
     * A projection that skipped a failed event would stay wrong for good, so a failing handler fails the batch:
     * the tracking processor rolls back its transaction, including the token, and retries with back-off.
     */
    @Bean
    ConfigurerModule propagateProjectionErrors() {
        return ReadModelEventStore.propagateHandlerErrors();
    }
}
