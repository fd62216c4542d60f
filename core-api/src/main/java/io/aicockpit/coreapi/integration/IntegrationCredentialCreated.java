package io.aicockpit.coreapi.integration;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.serialization.Revision;

/** A tenant got a Kafka principal for an integration: it may read the tenant's public topics, nothing else. */
@Revision("1")
public record IntegrationCredentialCreated(IntegrationCredentialId credentialId, TenantId tenantId, String name,
                                           String principal, Actor createdBy) implements IntegrationCredentialEvent {}
