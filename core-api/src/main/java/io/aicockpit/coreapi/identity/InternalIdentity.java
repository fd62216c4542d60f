package io.aicockpit.coreapi.identity;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.ActorType;
import io.aicockpit.coreapi.common.TenantId;
import java.util.Set;

/**
 * The caller of a request as the gateway verified it, read back from the gateway's signed
 * {@value #HEADER} token. {@code tenantId} is null for platform operators.
 */
public record InternalIdentity(TenantId tenantId, String subject, String name, Set<String> roles,
                               ActorType actorType, String requestId) {
    /** The header carrying the gateway's token to the services behind it. */
    public static final String HEADER = "X-AiCockpit-Identity";
    public static final String ISSUER = "aicockpit-gateway";
    public static final String AUDIENCE = "aicockpit-internal";
    public static final String CLAIM_NAME = "name";
    public static final String CLAIM_TENANT = "tenant";
    public static final String CLAIM_ROLES = "roles";
    public static final String CLAIM_ACTOR_TYPE = "actor_type";
    public static final String PLATFORM_OPERATOR = "PLATFORM_OPERATOR";

    public InternalIdentity {
        roles = Set.copyOf(roles);
    }

    public Actor actor() {
        return new Actor(subject, name, actorType);
    }

    public boolean has(String role) {
        return roles.contains(role);
    }
}
