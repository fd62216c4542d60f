package io.aicockpit.command.integration;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.integration.RevokeIntegrationCredential;
import io.aicockpit.coreapi.messaging.Topics;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Offboarding a tenant's integrations: every credential of the tenant is revoked at once (ACLs, secrets, quotas),
 * and the tenant's public topics are deleted once a grace period has passed ({@code command.tenant_topic_removal},
 * swept every minute by any command-side instance), so a last export can still be read by the platform operator.
 */
@Component
public class TenantIntegrationOffboarding {
    private static final Logger log = LoggerFactory.getLogger(TenantIntegrationOffboarding.class);

    private final IntegrationCredentialCatalog catalog;
    private final KafkaIntegrationPrincipals principals;
    private final CommandGateway commands;
    private final JdbcTemplate jdbc;
    private final IntegrationProperties properties;
    private final Clock clock = Clock.systemUTC();

    TenantIntegrationOffboarding(IntegrationCredentialCatalog catalog, KafkaIntegrationPrincipals principals,
                                 CommandGateway commands, JdbcTemplate jdbc, IntegrationProperties properties) {
        this.catalog = catalog;
        this.principals = principals;
        this.commands = commands;
        this.jdbc = jdbc;
        this.properties = properties;
    }

    public record Offboarded(String tenantId, int revokedCredentials, Instant topicsDeletedAfter) {}

    /** Revokes every active credential of the tenant and schedules its topics' deletion after {@code grace}. */
    Offboarded offboard(TenantId tenant, Duration grace, Actor actor) {
        List<IntegrationCredentialCatalog.Entry> active = catalog.active(tenant);
        for (IntegrationCredentialCatalog.Entry credential : active) {
            principals.revoke(credential.principal());
            commands.sendAndWait(new RevokeIntegrationCredential(credential.id(), tenant, actor));
        }
        Instant deleteAfter = clock.instant().plus(grace);
        jdbc.update("""
                INSERT INTO command.tenant_topic_removal (tenant_id, delete_after) VALUES (?, ?)
                ON CONFLICT (tenant_id) DO UPDATE SET delete_after = excluded.delete_after""",
                tenant.value(), Timestamp.from(deleteAfter));
        // an operator's request: the MDC's tenantId (if any) is not this one, so it gets a key of its own
        log.atInfo().addKeyValue("offboardedTenantId", tenant.value()).addKeyValue("revoked", active.size())
                .addKeyValue("topicsDeletedAfter", deleteAfter).log("tenant integrations offboarded");
        if (grace.isZero()) {
            removeDueTopics();
        }
        return new Offboarded(tenant.value(), active.size(), deleteAfter);
    }

    /** Deletes the topics of every tenant whose grace period is over. */
    @Scheduled(fixedDelayString = "${aicockpit.command.integrations.topic-removal-interval:60s}",
            initialDelayString = "${aicockpit.command.integrations.topic-removal-interval:60s}")
    public synchronized void removeDueTopics() {
        List<String> due = jdbc.queryForList("SELECT tenant_id FROM command.tenant_topic_removal WHERE delete_after <= ?",
                String.class, Timestamp.from(clock.instant()));
        for (String tenant : due) {
            try {
                String prefix = Topics.tenantPrefix(new TenantId(tenant));
                List<String> topics = principals.admin().listTopics().names()
                        .get(properties.kafkaTimeout().toMillis(), TimeUnit.MILLISECONDS).stream()
                        .filter(topic -> topic.startsWith(prefix)).toList();
                if (!topics.isEmpty()) {
                    principals.admin().deleteTopics(topics).all()
                            .get(properties.kafkaTimeout().toMillis(), TimeUnit.MILLISECONDS);
                }
                jdbc.update("DELETE FROM command.tenant_topic_removal WHERE tenant_id = ?", tenant);
                log.atInfo().addKeyValue("offboardedTenantId", tenant).addKeyValue("topics", topics)
                        .log("offboarded tenant's topics deleted");
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    return;
                }
                log.atWarn().addKeyValue("offboardedTenantId", tenant).log("tenant topics not deleted yet, retrying: {}",
                        e.toString());
            }
        }
    }
}
