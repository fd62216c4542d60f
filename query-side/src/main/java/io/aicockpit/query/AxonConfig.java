package io.aicockpit.query;

import io.aicockpit.support.eventstore.ReadModelAxonConfiguration;
import java.time.Duration;
import org.springframework.context.annotation.Configuration;

/** Axon on the shared JDBC event store, read-only (see {@link ReadModelAxonConfiguration}). */
@Configuration(proxyBeanMethods = false)
class AxonConfig extends ReadModelAxonConfiguration {
    private final QuerySideProperties properties;

    AxonConfig(QuerySideProperties properties) {
        this.properties = properties;
    }

    @Override
    protected Duration eventPollInterval() {
        return properties.eventPollInterval();
    }
}
