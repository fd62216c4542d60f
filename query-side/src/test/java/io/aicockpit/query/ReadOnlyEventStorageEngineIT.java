package io.aicockpit.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

@QuerySideTest
class ReadOnlyEventStorageEngineIT {
    private final EventStore eventStore;
    private final JdbcTemplate jdbc;

    @Autowired
    ReadOnlyEventStorageEngineIT(EventStore eventStore, JdbcTemplate jdbc) {
        this.eventStore = eventStore;
        this.jdbc = jdbc;
    }

    @Test
    void refusesToAppendToTheSharedEventStore() {
        String aggregateId = UUID.randomUUID().toString();

        assertThatThrownBy(() -> eventStore.publish(
                new GenericDomainEventMessage<>("Workspace", aggregateId, 0, "anything")))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?",
                Integer.class, aggregateId)).isZero();
    }
}
