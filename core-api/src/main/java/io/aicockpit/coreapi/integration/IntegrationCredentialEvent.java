package io.aicockpit.coreapi.integration;

import io.aicockpit.coreapi.common.TenantId;

/** Everything that happens to an integration credential. None carries its secret. */
public sealed interface IntegrationCredentialEvent
        permits IntegrationCredentialCreated, IntegrationCredentialRotated, IntegrationCredentialRevoked {
    IntegrationCredentialId credentialId();

    TenantId tenantId();
}
