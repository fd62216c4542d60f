package io.aicockpit.aiworker.assist;

import io.aicockpit.aiworker.AiWorkerProperties;
import io.aicockpit.coreapi.identity.InternalIdentity;
import io.aicockpit.support.problem.ProblemType;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Suggested commands waiting for the user's confirmation. A suggestion runs at most once: taking it for a run is one
 * conditional UPDATE, so two confirmations racing (two tabs, two ai-worker replicas) run it once. It belongs to the
 * caller and workspace it was made for; anyone else gets a 404, as for something that does not exist.
 */
@Component
class CommandSuggestions {
    private static final Logger log = LoggerFactory.getLogger(CommandSuggestions.class);
    /** Expired suggestions are kept this long (for "expired" rather than "not found" answers), then deleted. */
    private static final Duration KEEP_AFTER_EXPIRY = Duration.ofDays(1);

    private final JdbcTemplate jdbc;
    private final Duration ttl;
    private final Clock clock;

    CommandSuggestions(JdbcTemplate jdbc, AiWorkerProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.ttl = properties.commandSuggestionTtl();
        this.clock = clock;
    }

    record Stored(UUID id, Instant expiresAt) {}

    Mono<Stored> store(InternalIdentity caller, String workspaceId, String command) {
        return Mono.fromCallable(() -> {
            UUID id = UUID.randomUUID();
            Instant now = clock.instant();
            Instant expires = now.plus(ttl);
            jdbc.update("""
                    INSERT INTO command_suggestion (id, tenant_id, workspace_id, subject, command, created_at,
                                                    expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""", id, caller.tenantId().value(), workspaceId, caller.subject(),
                    command, Timestamp.from(now), Timestamp.from(expires));
            return new Stored(id, expires);
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * Takes the suggestion for a run and answers its command; fails with 404 (unknown, or someone else's), 409
     * (already run) or 410 (expired).
     */
    Mono<String> take(InternalIdentity caller, String workspaceId, UUID id, String requestId) {
        return Mono.fromCallable(() -> {
            Timestamp now = Timestamp.from(clock.instant());
            List<String> taken = jdbc.queryForList("""
                    UPDATE command_suggestion SET run_at = ?, run_request_id = ?
                     WHERE id = ? AND tenant_id = ? AND workspace_id = ? AND subject = ?
                       AND run_at IS NULL AND expires_at > ?
                    RETURNING command""", String.class, now, requestId, id, caller.tenantId().value(), workspaceId,
                    caller.subject(), now);
            if (!taken.isEmpty()) {
                return taken.getFirst();
            }
            List<Boolean> ran = jdbc.queryForList("""
                    SELECT run_at IS NOT NULL FROM command_suggestion
                     WHERE id = ? AND tenant_id = ? AND workspace_id = ? AND subject = ?""", Boolean.class, id,
                    caller.tenantId().value(), workspaceId, caller.subject());
            if (ran.isEmpty()) {
                throw new AssistProblem(ProblemType.SUGGESTION_NOT_FOUND,
                        "No command suggestion " + id + " for you in this workspace.");
            }
            throw ran.getFirst()
                    ? new AssistProblem(ProblemType.SUGGESTION_ALREADY_RUN,
                            "This suggestion has already been run; ask for a new one to run it again.")
                    : new AssistProblem(ProblemType.SUGGESTION_EXPIRED,
                            "This suggestion expired; ask for a new one.");
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /** Gives a suggestion back when its run certainly did not start (the node was unreachable). */
    Mono<Void> release(UUID id, String requestId) {
        return Mono.<Void>fromRunnable(() -> jdbc.update(
                        "UPDATE command_suggestion SET run_at = NULL, run_request_id = NULL"
                                + " WHERE id = ? AND run_request_id = ?", id, requestId))
                .subscribeOn(Schedulers.boundedElastic());
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    void prune() {
        int deleted = jdbc.update("DELETE FROM command_suggestion WHERE expires_at < ?",
                Timestamp.from(clock.instant().minus(KEEP_AFTER_EXPIRY)));
        if (deleted > 0) {
            log.atInfo().addKeyValue("deleted", deleted).log("pruned expired command suggestions");
        }
    }
}
