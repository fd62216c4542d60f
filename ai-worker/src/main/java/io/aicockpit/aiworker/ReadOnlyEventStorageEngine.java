package io.aicockpit.aiworker;

import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;

/** The shared JDBC event store as ai-worker may use it: read and track, never append. */
final class ReadOnlyEventStorageEngine extends JdbcEventStorageEngine {

    ReadOnlyEventStorageEngine(JdbcEventStorageEngine.Builder builder) {
        super(builder);
    }

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        throw new UnsupportedOperationException("ai-worker never appends events; command-side owns the event store");
    }

    @Override
    protected void storeSnapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
        throw new UnsupportedOperationException("ai-worker never stores snapshots");
    }
}
