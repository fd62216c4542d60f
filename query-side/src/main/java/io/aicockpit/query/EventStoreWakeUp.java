package io.aicockpit.query;

import io.aicockpit.query.notify.ChannelListener;
import java.time.Duration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Listens on PostgreSQL channel {@value #CHANNEL}, which the event store's trigger (command-side migration V15)
 * notifies when a transaction that appended events commits, and wakes the event store's fetcher: the projections
 * see command-side's events at once instead of at the next poll ({@code aicockpit.query-side.event-poll-interval}),
 * which remains for a lost notification. Each time it (re)starts listening it wakes the fetcher once, for whatever
 * was appended while no one listened.
 */
@Configuration(proxyBeanMethods = false)
class EventStoreWakeUp {
    static final String CHANNEL = "aicockpit_event_store";

    @Bean
    ChannelListener eventStoreListener(DataSourceProperties dataSource, WakeableEventStore eventStore) {
        return new ChannelListener(CHANNEL, dataSource, Duration.ofSeconds(1), reconnected -> eventStore.wake(),
                payload -> eventStore.wake());
    }
}
