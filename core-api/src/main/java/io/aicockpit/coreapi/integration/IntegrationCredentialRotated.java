package io.aicockpit.coreapi.integration;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.serialization.Revision;

/** The credential's secret was replaced; the previous secret no longer logs in. */
@Revision("1")
public record IntegrationCredentialRotated(IntegrationCredentialId credentialId, TenantId tenantId, Actor rotatedBy)
        implements IntegrationCredentialEvent {}
