package io.aicockpit.query;

import java.util.List;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

/** The read model's event store, whose fetcher can be woken when another process appended events. */
class WakeableEventStore extends EmbeddedEventStore {

    WakeableEventStore(EmbeddedEventStore.Builder builder) {
        super(builder);
    }

    /** Fetches now if the fetcher is waiting for its next poll (what a local append would do). */
    void wake() {
        afterCommit(List.of());
    }
}
