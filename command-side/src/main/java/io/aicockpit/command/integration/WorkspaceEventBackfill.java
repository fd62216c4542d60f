package io.aicockpit.command.integration;

import io.aicockpit.command.messaging.WorkspaceCloudEvents;
import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.messaging.Topics;
import io.aicockpit.coreapi.workspace.WorkspaceEvent;
import io.aicockpit.support.problem.CataloguedProblem;
import io.aicockpit.support.problem.ProblemType;
import io.cloudevents.CloudEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Backfills a tenant's public workspace-events topic from the event store: every workspace of the tenant, its events
 * in order, each as the same CloudEvent the live publisher sent (the original event id, sequence and time), keyed by
 * workspace id. For history older than the topic's retention, or a new integration. Progress is kept in
 * {@code command.integration_replay}; one replay per tenant runs at a time, one after the other on one thread.
 */
@Component
public class WorkspaceEventBackfill implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(WorkspaceEventBackfill.class);
    private static final String WORKSPACE_EVENTS = "io.aicockpit.coreapi.workspace.%";

    private final JdbcTemplate jdbc;
    private final EventStore events;
    private final WorkspaceCloudEvents cloudEvents;
    private final KafkaTemplate<String, CloudEvent> kafka;
    private final TenantTopics topics;
    private final Clock clock = Clock.systemUTC();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().name("workspace-event-backfill").daemon().unstarted(r));

    WorkspaceEventBackfill(JdbcTemplate jdbc, EventStore events, WorkspaceCloudEvents cloudEvents,
                           KafkaTemplate<String, CloudEvent> cloudEventTemplate, TenantTopics topics) {
        this.jdbc = jdbc;
        this.events = events;
        this.cloudEvents = cloudEvents;
        this.kafka = cloudEventTemplate;
        this.topics = topics;
    }

    public record Replay(UUID id, TenantId tenantId, String topic, String status, long total, long published,
                         String requestedBy, Instant requestedAt, Instant finishedAt, String error) {}

    /** Queues a backfill of the tenant's workspace events; refused while another one of the tenant's runs. */
    Replay start(TenantId tenant, Actor requestedBy) {
        UUID id = UUID.randomUUID();
        // a backfill whose command-side instance died never finishes: after an hour it no longer blocks the next
        jdbc.update("UPDATE command.integration_replay SET status = 'FAILED', error = 'abandoned'"
                + " WHERE tenant_id = ? AND status = 'RUNNING' AND requested_at < ?", tenant.value(),
                Timestamp.from(clock.instant().minus(Duration.ofHours(1))));
        int inserted;
        try {
            inserted = jdbc.update("""
                INSERT INTO command.integration_replay (tenant_id, replay_id, topic, status, requested_by, requested_at)
                SELECT ?, ?, ?, 'RUNNING', ?, ?
                WHERE NOT EXISTS (SELECT 1 FROM command.integration_replay WHERE tenant_id = ? AND status = 'RUNNING')""",
                tenant.value(), id, Topics.workspaceEvents(tenant), requestedBy.name(), Timestamp.from(clock.instant()),
                tenant.value());
        } catch (DuplicateKeyException e) {
            inserted = 0;
        }
        if (inserted == 0) {
            throw new ReplayAlreadyRunning(tenant);
        }
        runner.execute(() -> run(tenant, id));
        return find(tenant, id).orElseThrow();
    }

    Optional<Replay> find(TenantId tenant, UUID id) {
        return jdbc.query("SELECT * FROM command.integration_replay WHERE tenant_id = ? AND replay_id = ?",
                this::replay, tenant.value(), id).stream().findFirst();
    }

    List<Replay> list(TenantId tenant) {
        return jdbc.query("SELECT * FROM command.integration_replay WHERE tenant_id = ? ORDER BY requested_at DESC"
                + " LIMIT 50", this::replay, tenant.value());
    }

    private void run(TenantId tenant, UUID id) {
        String topic = Topics.workspaceEvents(tenant);
        long published = 0;
        try {
            List<String> workspaces = jdbc.queryForList("""
                    SELECT aggregateidentifier FROM eventstore.domainevententry
                    WHERE payloadtype LIKE ? AND convert_from(payload, 'UTF8')::jsonb ->> 'tenantId' = ?
                    GROUP BY aggregateidentifier ORDER BY min(globalindex)""", String.class, WORKSPACE_EVENTS,
                    tenant.value());
            Long total = jdbc.queryForObject("""
                    SELECT count(*) FROM eventstore.domainevententry
                    WHERE payloadtype LIKE ? AND convert_from(payload, 'UTF8')::jsonb ->> 'tenantId' = ?""",
                    Long.class, WORKSPACE_EVENTS, tenant.value());
            jdbc.update("UPDATE command.integration_replay SET total = ? WHERE replay_id = ?", total, id);
            topics.create(tenant);
            for (String workspace : workspaces) {
                Iterator<? extends DomainEventMessage<?>> stream = events.readEvents(workspace).asStream().iterator();
                while (stream.hasNext()) {
                    DomainEventMessage<?> message = stream.next();
                    if (message.getPayload() instanceof WorkspaceEvent event && event.tenantId().equals(tenant)) {
                        kafka.send(topic, workspace, cloudEvents.of(event, message.getIdentifier(),
                                message.getSequenceNumber(), message.getTimestamp())).get(60, TimeUnit.SECONDS);
                        published++;
                    }
                }
                jdbc.update("UPDATE command.integration_replay SET published = ? WHERE replay_id = ?", published, id);
            }
            jdbc.update("UPDATE command.integration_replay SET status = 'DONE', published = ?, finished_at = ?"
                    + " WHERE replay_id = ?", published, Timestamp.from(clock.instant()), id);
            log.atInfo().addKeyValue("tenantId", tenant.value()).addKeyValue("replayId", id)
                    .addKeyValue("published", published).log("workspace events backfilled");
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.atWarn().addKeyValue("tenantId", tenant.value()).addKeyValue("replayId", id)
                    .log("workspace event backfill failed: {}", e.toString());
            jdbc.update("UPDATE command.integration_replay SET status = 'FAILED', published = ?, finished_at = ?,"
                    + " error = ? WHERE replay_id = ?", published, Timestamp.from(clock.instant()),
                    e.getClass().getSimpleName(), id);
        }
    }

    private Replay replay(ResultSet rs, int row) throws SQLException {
        Timestamp finished = rs.getTimestamp("finished_at");
        return new Replay(rs.getObject("replay_id", UUID.class), new TenantId(rs.getString("tenant_id")),
                rs.getString("topic"), rs.getString("status"), rs.getLong("total"), rs.getLong("published"),
                rs.getString("requested_by"), rs.getTimestamp("requested_at").toInstant(),
                finished == null ? null : finished.toInstant(), rs.getString("error"));
    }

    @Override
    public void destroy() {
        runner.shutdownNow();
    }

    /** The tenant's previous backfill is still running. */
    public static class ReplayAlreadyRunning extends RuntimeException implements CataloguedProblem {
        ReplayAlreadyRunning(TenantId tenant) {
            super("a backfill of tenant " + tenant.value() + "'s events is already running");
        }

        @Override
        public ProblemType problemType() {
            return ProblemType.CONFLICT;
        }
    }
}
