package io.aicockpit.coreapi.integration;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An org admin records a new integration credential, whose Kafka principal was just given its secret and ACLs. */
public record CreateIntegrationCredential(@TargetAggregateIdentifier IntegrationCredentialId credentialId,
                                         TenantId tenantId, String name, String principal, Actor requestedBy) {}
