package io.aicockpit.command.web;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.identity.InternalIdentity;
import java.util.Set;

/** Who is calling, as the gateway verified it and signed into the {@value InternalIdentity#HEADER} token. */
public record CallerIdentity(TenantId tenantId, Actor actor, Set<String> roles) {
    static CallerIdentity of(InternalIdentity identity) {
        return new CallerIdentity(identity.tenantId(), identity.actor(), identity.roles());
    }

    /** The caller's tenant; callers without one (platform operators) are refused with 403. */
    public TenantId requireTenant() {
        if (tenantId == null) {
            throw new Forbidden("this action belongs to a tenant's members; the caller has no tenant");
        }
        return tenantId;
    }

    /** Refuses (403) callers that are not their tenant's administrators. */
    public void requireOrgAdmin(String action) {
        if (!roles.contains("ORG_ADMIN")) {
            throw new Forbidden("only org admins may " + action);
        }
    }

    /** Refuses (403) callers that are not platform operators. */
    public void requireOperator() {
        if (!roles.contains(InternalIdentity.PLATFORM_OPERATOR)) {
            throw new Forbidden("only platform operators may manage tenants");
        }
    }

    static class Forbidden extends RuntimeException {
        Forbidden(String message) {
            super(message);
        }
    }
}
