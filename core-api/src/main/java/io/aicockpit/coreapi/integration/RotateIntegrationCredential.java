package io.aicockpit.coreapi.integration;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An org admin replaced the credential's secret; the old one no longer logs in. */
public record RotateIntegrationCredential(@TargetAggregateIdentifier IntegrationCredentialId credentialId,
                                         TenantId tenantId, Actor requestedBy) {}
