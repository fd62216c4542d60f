package io.aicockpit.gateway.tenant;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the operator API answers for a tenant's identity provider. */
record IdentityProviderView(String tenantId, String issuer, List<String> audiences, String roleClaim,
                            Map<String, String> roleMapping, RateLimitSettings rateLimits, Instant updatedAt) {

    static IdentityProviderView of(TenantIdpRepository.StoredTenant stored) {
        TenantSettings settings = stored.settings();
        return new IdentityProviderView(settings.tenantId().value(), settings.issuer(), settings.audiences(),
                settings.roleClaim(), settings.roleMapping(), settings.rateLimits(), stored.updatedAt());
    }
}
