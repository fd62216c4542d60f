package io.aicockpit.query;

import io.aicockpit.support.eventstore.ReadModelAxonConfiguration;
import io.aicockpit.support.eventstore.ReadModelEventStore;
import java.time.Duration;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;

/**
 * Axon on the shared JDBC event store, read-only (see {@link ReadModelAxonConfiguration}); its fetcher is woken by
 * {@link EventStoreWakeUp} when command-side appended events.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class AxonConfig extends ReadModelAxonConfiguration {
    private final QuerySideProperties properties;

    AxonConfig(QuerySideProperties properties) {
        this.properties = properties;
    }

    @Override
    protected Duration eventPollInterval() {
        return properties.eventPollInterval();
    }

    @Override
    @Bean(name = "eventBus")
    @Qualifier("eventStore")
    public WakeableEventStore eventStore(EventStorageEngine storageEngine, Configuration configuration) {
        return new WakeableEventStore(ReadModelEventStore.eventStoreBuilder(storageEngine, configuration,
                eventPollInterval()));
    }
}
