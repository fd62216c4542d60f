package io.aicockpit.command.integration;

import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.messaging.Topics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ResourceNotFoundException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.stereotype.Component;

/**
 * The broker side of an integration credential, through the provisioning principal's Admin client: the principal's
 * SCRAM-SHA-512 secret (only its salted hash is kept, by Kafka), its ACLs and its quotas.
 * <ul>
 *   <li>TOPIC, prefixed {@code aicockpit.tenant.<tenant>.}: READ and DESCRIBE.</li>
 *   <li>GROUP, prefixed {@code <principal>.}: READ (consumer groups of its own).</li>
 *   <li>Nothing else: with {@code allow.everyone.if.no.acl.found=false} writing, creating, internal topics, other
 *       tenants' topics and other groups are denied.</li>
 * </ul>
 */
@Component
public class KafkaIntegrationPrincipals implements DisposableBean {
    static final int SCRAM_ITERATIONS = 8192;
    private static final java.time.Duration LOGIN_RETRY = java.time.Duration.ofMillis(100);
    private static final Logger log = LoggerFactory.getLogger(KafkaIntegrationPrincipals.class);

    private final Admin admin;
    /** The connection settings without a login: each integration's own login is added to try it. */
    private final Map<String, Object> connection;
    private final IntegrationProperties properties;

    KafkaIntegrationPrincipals(KafkaProperties kafka, ObjectProvider<SslBundles> ssl, IntegrationProperties properties) {
        this.properties = properties;
        Map<String, Object> config = new HashMap<>(kafka.buildAdminProperties(ssl.getIfAvailable()));
        this.connection = new HashMap<>(config);
        connection.remove("sasl.jaas.config");
        if (String.valueOf(config.get("security.protocol")).startsWith("SASL_")) {
            config.put("sasl.jaas.config", scramLogin(properties.provisionerUsername(),
                    properties.provisionerPassword()));
        }
        config.put("client.id", "aicockpit-command-side-provisioner");
        int timeout = (int) properties.kafkaTimeout().toMillis();
        config.put("request.timeout.ms", timeout);
        config.put("default.api.timeout.ms", timeout);
        this.admin = Admin.create(config);
    }

    /** The provisioning principal's Admin client, for the tenant's topics ({@link TenantTopics}). */
    Admin admin() {
        return admin;
    }

    /** The consumer-group prefix the principal may use. */
    static String groupPrefix(String principal) {
        return principal + ".";
    }

    /**
     * Creates the principal with its ACLs, quotas and secret, and answers once the principal can log in; on failure
     * undoes what it did and throws. The secret comes last: the broker applies the cluster metadata in order, so a
     * login that works shows the ACLs and quotas are in force too.
     */
    void create(TenantId tenant, String principal, String secret) {
        try {
            await(admin.createAcls(acls(tenant, principal)).all());
            await(admin.alterClientQuotas(List.of(new ClientQuotaAlteration(entity(principal), List.of(
                    new ClientQuotaAlteration.Op("consumer_byte_rate",
                            (double) properties.quotas().consumerByteRate()),
                    new ClientQuotaAlteration.Op("request_percentage", properties.quotas().requestPercentage())))))
                    .all());
            setSecret(principal, secret);
            // tenantId is in the request's MDC already; a second one breaks the structured log line
            log.atInfo().addKeyValue("principal", principal).log("integration principal created");
        } catch (RuntimeException e) {
            try {
                revoke(principal);
            } catch (RuntimeException undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
    }

    /**
     * Replaces the principal's secret and answers once the broker accepts it: the controller commits the change
     * before the broker applies it, and an integration handed its secret expects it to work at once.
     */
    void setSecret(String principal, String secret) {
        await(admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(principal,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), secret))).all());
        awaitLogin(principal, secret);
    }

    /** Logs in as the principal until the broker accepts the secret, within the Kafka timeout. */
    private void awaitLogin(String principal, String secret) {
        if (!String.valueOf(connection.get("security.protocol")).startsWith("SASL_")) {
            return;
        }
        Map<String, Object> login = new HashMap<>(connection);
        login.put("client.id", "aicockpit-command-side-provisioner-check");
        login.put("sasl.jaas.config", scramLogin(principal, secret));
        // the broker applies a new secret within milliseconds: a refused login is tried again for the Kafka timeout
        Retry untilAccepted = Retry.of("integration-login", RetryConfig.custom()
                .maxAttempts((int) Math.max(2, properties.kafkaTimeout().toMillis() / LOGIN_RETRY.toMillis()))
                .waitDuration(LOGIN_RETRY)
                .retryOnException(e -> e instanceof ExecutionException failure
                        && failure.getCause() instanceof SaslAuthenticationException)
                .build());
        try {
            untilAccepted.executeCheckedSupplier(() -> {
                try (Admin asPrincipal = Admin.create(login)) {
                    return asPrincipal.describeCluster().clusterId().get(properties.kafkaTimeout().toMillis(),
                            TimeUnit.MILLISECONDS);
                }
            });
        } catch (ExecutionException e) {
            throw failed("the broker does not accept the new secret: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw failed("Kafka did not answer within " + properties.kafkaTimeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed("interrupted while waiting for the broker to accept the secret", e);
        } catch (Throwable e) {
            throw failed("logging in as the new principal failed: " + e, e);
        }
    }

    private static String scramLogin(String username, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + username
                + "\" password=\"" + password + "\";";
    }

    /**
     * Takes everything away: ACLs first (in force for established connections at their next request), then the
     * secret (no new logins) and the quotas. Idempotent.
     */
    void revoke(String principal) {
        await(admin.deleteAcls(List.of(new AclBindingFilter(ResourcePatternFilter.ANY,
                new AccessControlEntryFilter("User:" + principal, null, AclOperation.ANY, AclPermissionType.ANY))))
                .all());
        try {
            await(admin.alterUserScramCredentials(List.of(
                    new UserScramCredentialDeletion(principal, ScramMechanism.SCRAM_SHA_512))).all());
        } catch (KafkaProvisioningFailed e) {
            if (!(e.getCause().getCause() instanceof ResourceNotFoundException)) {
                throw e;
            }
        }
        await(admin.alterClientQuotas(List.of(new ClientQuotaAlteration(entity(principal), List.of(
                new ClientQuotaAlteration.Op("consumer_byte_rate", null),
                new ClientQuotaAlteration.Op("request_percentage", null))))).all());
        log.atInfo().addKeyValue("principal", principal).log("integration principal revoked");
    }

    private static List<AclBinding> acls(TenantId tenant, String principal) {
        String user = "User:" + principal;
        ResourcePattern topics = new ResourcePattern(ResourceType.TOPIC, Topics.tenantPrefix(tenant),
                PatternType.PREFIXED);
        ResourcePattern groups = new ResourcePattern(ResourceType.GROUP, groupPrefix(principal), PatternType.PREFIXED);
        return List.of(
                new AclBinding(topics, new AccessControlEntry(user, "*", AclOperation.READ, AclPermissionType.ALLOW)),
                new AclBinding(topics, new AccessControlEntry(user, "*", AclOperation.DESCRIBE,
                        AclPermissionType.ALLOW)),
                new AclBinding(groups, new AccessControlEntry(user, "*", AclOperation.READ, AclPermissionType.ALLOW)));
    }

    private static ClientQuotaEntity entity(String principal) {
        return new ClientQuotaEntity(Map.of(ClientQuotaEntity.USER, principal));
    }

    private <T> T await(KafkaFuture<T> future) {
        try {
            return future.get(properties.kafkaTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed("interrupted while provisioning on Kafka", e);
        } catch (ExecutionException e) {
            throw failed("Kafka refused: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw failed("Kafka did not answer within " + properties.kafkaTimeout(), e);
        }
    }

    private static KafkaProvisioningFailed failed(String reason, Throwable cause) {
        log.atWarn().log("Kafka provisioning failed: {}", reason);
        return new KafkaProvisioningFailed(reason, cause);
    }

    @Override
    public void destroy() {
        admin.close(java.time.Duration.ofSeconds(5));
    }
}
