package io.aicockpit.gateway.identity;

import io.aicockpit.coreapi.common.ActorType;
import io.aicockpit.coreapi.common.TenantId;
import java.util.Set;

/**
 * The verified caller of one request, derived only from a token the gateway validated. {@code tenantId} comes
 * from the token's issuer (null for platform operators). Stored in the exchange attributes under
 * {@link #ATTRIBUTE} once authentication succeeded; absent for anonymous or refused requests.
 */
public record GatewayIdentity(TenantId tenantId, String subject, String name, Set<Role> roles, ActorType actorType,
                              String issuer, String clientId) {
    public static final String ATTRIBUTE = GatewayIdentity.class.getName();

    public GatewayIdentity {
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }
}
