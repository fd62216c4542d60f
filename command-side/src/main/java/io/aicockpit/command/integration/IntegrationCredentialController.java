package io.aicockpit.command.integration;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.aicockpit.command.web.CallerIdentity;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.integration.CreateIntegrationCredential;
import io.aicockpit.coreapi.integration.IntegrationCredentialId;
import io.aicockpit.coreapi.integration.RevokeIntegrationCredential;
import io.aicockpit.coreapi.integration.RotateIntegrationCredential;
import io.aicockpit.coreapi.messaging.Topics;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Org admins create, list, rotate and revoke their tenant's integration credentials. The secret is made here, given
 * to Kafka (which keeps only its SCRAM hash) and returned once in the response to create or rotate; it is never
 * stored, logged or put in an event. The gateway audits every call.
 */
@RestController
@RequestMapping("/api/v1/integrations/credentials")
class IntegrationCredentialController {
    static final String MECHANISM = "SCRAM-SHA-512";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CommandGateway commands;
    private final IntegrationCredentialCatalog catalog;
    private final KafkaIntegrationPrincipals principals;
    private final IntegrationProperties properties;

    IntegrationCredentialController(CommandGateway commands, IntegrationCredentialCatalog catalog,
                                    KafkaIntegrationPrincipals principals, IntegrationProperties properties) {
        this.commands = commands;
        this.catalog = catalog;
        this.principals = principals;
        this.properties = properties;
    }

    record CreateCredentialRequest(@NotBlank @Pattern(regexp = "^[\\p{L}\\p{N} ._-]{1,100}$",
            message = "must be 1-100 letters, digits, spaces, '.', '_' or '-'") String name) {}

    record Quotas(long consumerByteRate, double requestPercentage) {}

    /** A credential as the API shows it; {@code secret} only in the answer to create and rotate. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CredentialView(String id, String name, String status, String principal, String secret,
                          String bootstrapServers, String securityProtocol, String saslMechanism, String topicPrefix,
                          String groupPrefix, Quotas quotas, Instant createdAt, String createdBy, Instant rotatedAt,
                          Instant revokedAt) {}

    record CredentialList(List<CredentialView> items, String nextCursor) {}

    @PostMapping
    ResponseEntity<CredentialView> create(CallerIdentity caller, @Valid @RequestBody CreateCredentialRequest body) {
        TenantId tenant = requireOrgAdmin(caller);
        if (catalog.active(tenant).size() >= properties.maxActivePerTenant()) {
            throw new TooManyIntegrationCredentials(properties.maxActivePerTenant());
        }
        IntegrationCredentialId id = IntegrationCredentialId.random();
        String principal = id.principal(tenant);
        String secret = newSecret();
        principals.create(tenant, principal, secret);
        try {
            commands.sendAndWait(new CreateIntegrationCredential(id, tenant, body.name().strip(), principal,
                    caller.actor()));
        } catch (RuntimeException e) {
            principals.revoke(principal);
            throw e;
        }
        IntegrationCredentialCatalog.Entry entry = catalog.find(tenant, id)
                .orElseThrow(() -> new IllegalStateException("credential " + id + " not listed after creation"));
        return ResponseEntity.created(URI.create("/api/v1/integrations/credentials/" + id))
                .body(view(entry, secret));
    }

    @GetMapping
    CredentialList list(CallerIdentity caller) {
        TenantId tenant = requireOrgAdmin(caller);
        return new CredentialList(catalog.list(tenant).stream().map(e -> view(e, null)).toList(), null);
    }

    @GetMapping("/{credentialId}")
    CredentialView get(CallerIdentity caller, @PathVariable String credentialId) {
        return view(find(requireOrgAdmin(caller), credentialId), null);
    }

    /** A new secret, shown once; the old one stops logging in at once (established sessions within a minute). */
    @PostMapping("/{credentialId}/rotate")
    CredentialView rotate(CallerIdentity caller, @PathVariable String credentialId) {
        TenantId tenant = requireOrgAdmin(caller);
        IntegrationCredentialCatalog.Entry entry = find(tenant, credentialId);
        if (entry.revoked()) {
            throw new IntegrationCredentialRevokedException(credentialId);
        }
        String secret = newSecret();
        principals.setSecret(entry.principal(), secret);
        commands.sendAndWait(new RotateIntegrationCredential(entry.id(), tenant, caller.actor()));
        return view(find(tenant, credentialId), secret);
    }

    /** Revokes for good: no ACL, no secret, no quota left. Revoking a revoked credential changes nothing. */
    @DeleteMapping("/{credentialId}")
    ResponseEntity<Void> revoke(CallerIdentity caller, @PathVariable String credentialId) {
        TenantId tenant = requireOrgAdmin(caller);
        IntegrationCredentialCatalog.Entry entry = find(tenant, credentialId);
        principals.revoke(entry.principal());
        if (!entry.revoked()) {
            commands.sendAndWait(new RevokeIntegrationCredential(entry.id(), tenant, caller.actor()));
        }
        return ResponseEntity.noContent().build();
    }

    private static TenantId requireOrgAdmin(CallerIdentity caller) {
        TenantId tenant = caller.requireTenant();
        caller.requireOrgAdmin("manage integration credentials");
        return tenant;
    }

    private IntegrationCredentialCatalog.Entry find(TenantId tenant, String credentialId) {
        IntegrationCredentialId id;
        try {
            id = IntegrationCredentialId.of(credentialId);
        } catch (IllegalArgumentException e) {
            throw new IntegrationCredentialNotFound(credentialId);
        }
        return catalog.find(tenant, id).orElseThrow(() -> new IntegrationCredentialNotFound(credentialId));
    }

    private CredentialView view(IntegrationCredentialCatalog.Entry entry, String secret) {
        return new CredentialView(entry.id().toString(), entry.name(), entry.revoked() ? "REVOKED" : "ACTIVE",
                entry.principal(), secret, properties.bootstrapServers(), properties.securityProtocol(), MECHANISM,
                Topics.tenantPrefix(entry.tenantId()), KafkaIntegrationPrincipals.groupPrefix(entry.principal()),
                new Quotas(properties.quotas().consumerByteRate(), properties.quotas().requestPercentage()),
                entry.createdAt(), entry.createdBy(), entry.rotatedAt(), entry.revokedAt());
    }

    /** 256 random bits, URL-safe Base64: fits a JAAS line and any client's config without escaping. */
    private static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
