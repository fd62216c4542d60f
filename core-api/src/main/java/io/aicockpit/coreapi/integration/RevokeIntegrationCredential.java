package io.aicockpit.coreapi.integration;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An org admin (or the tenant's offboarding) ends the credential for good. */
public record RevokeIntegrationCredential(@TargetAggregateIdentifier IntegrationCredentialId credentialId,
                                         TenantId tenantId, Actor requestedBy) {}
