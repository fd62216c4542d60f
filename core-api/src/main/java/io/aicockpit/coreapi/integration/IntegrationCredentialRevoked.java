package io.aicockpit.coreapi.integration;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.serialization.Revision;

/** The credential's principal lost its secret, ACLs and quotas: it logs in and reads nothing any more. */
@Revision("1")
public record IntegrationCredentialRevoked(IntegrationCredentialId credentialId, TenantId tenantId, Actor revokedBy)
        implements IntegrationCredentialEvent {}
