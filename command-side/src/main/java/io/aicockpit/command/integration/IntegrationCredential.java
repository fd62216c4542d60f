package io.aicockpit.command.integration;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.integration.CreateIntegrationCredential;
import io.aicockpit.coreapi.integration.IntegrationCredentialCreated;
import io.aicockpit.coreapi.integration.IntegrationCredentialId;
import io.aicockpit.coreapi.integration.IntegrationCredentialRevoked;
import io.aicockpit.coreapi.integration.IntegrationCredentialRotated;
import io.aicockpit.coreapi.integration.RevokeIntegrationCredential;
import io.aicockpit.coreapi.integration.RotateIntegrationCredential;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/** One integration credential of a tenant: created, rotated any number of times, revoked once and for good. */
@Aggregate
public class IntegrationCredential {
    @AggregateIdentifier
    private IntegrationCredentialId credentialId;
    private TenantId tenantId;
    private boolean revoked;

    protected IntegrationCredential() {
        // for Axon
    }

    @CommandHandler
    public IntegrationCredential(CreateIntegrationCredential command) {
        apply(new IntegrationCredentialCreated(command.credentialId(), command.tenantId(), command.name(),
                command.principal(), command.requestedBy()));
    }

    @CommandHandler
    public void handle(RotateIntegrationCredential command) {
        requireTenant(command.tenantId());
        if (revoked) {
            throw new IntegrationCredentialRevokedException(credentialId.toString());
        }
        apply(new IntegrationCredentialRotated(credentialId, tenantId, command.requestedBy()));
    }

    @CommandHandler
    public void handle(RevokeIntegrationCredential command) {
        requireTenant(command.tenantId());
        if (!revoked) {
            apply(new IntegrationCredentialRevoked(credentialId, tenantId, command.requestedBy()));
        }
    }

    private void requireTenant(TenantId caller) {
        if (!tenantId.equals(caller)) {
            throw new IntegrationCredentialNotFound(credentialId.toString());
        }
    }

    @EventSourcingHandler
    void on(IntegrationCredentialCreated event) {
        credentialId = event.credentialId();
        tenantId = event.tenantId();
    }

    @EventSourcingHandler
    void on(IntegrationCredentialRevoked event) {
        revoked = true;
    }
}
