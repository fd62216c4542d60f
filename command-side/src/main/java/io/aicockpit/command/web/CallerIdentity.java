package io.aicockpit.command.web;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.ActorType;
import io.aicockpit.coreapi.common.TenantId;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who is calling, as passed by the trusted edge in {@code X-AiCockpit-*} headers. Until the gateway issue lands
 * these headers are trusted as they come; the gateway will replace them with a verified internal token.
 */
public record CallerIdentity(TenantId tenantId, Actor actor, Set<String> roles) {
    public static final String TENANT_HEADER = "X-AiCockpit-Tenant";
    public static final String USER_HEADER = "X-AiCockpit-User";
    public static final String USER_NAME_HEADER = "X-AiCockpit-User-Name";
    public static final String ROLES_HEADER = "X-AiCockpit-Roles";
    public static final String PLATFORM_OPERATOR = "PLATFORM_OPERATOR";

    static CallerIdentity from(String tenant, String user, String userName, String roles) {
        if (user == null || user.isBlank()) {
            throw new Unauthenticated("missing caller identity (" + USER_HEADER + ")");
        }
        Set<String> roleSet = roles == null ? Set.of() : Arrays.stream(roles.split(","))
                .map(String::strip).filter(r -> !r.isEmpty()).collect(Collectors.toUnmodifiableSet());
        TenantId tenantId = null;
        if (tenant != null && !tenant.isBlank()) {
            if (!TenantId.isValid(tenant)) {
                throw new Unauthenticated("malformed tenant in " + TENANT_HEADER);
            }
            tenantId = new TenantId(tenant);
        }
        ActorType type = roleSet.contains(PLATFORM_OPERATOR) ? ActorType.OPERATOR
                : roleSet.contains("INTEGRATION") ? ActorType.INTEGRATION : ActorType.USER;
        return new CallerIdentity(tenantId, new Actor(user, userName, type), roleSet);
    }

    TenantId requireTenant() {
        if (tenantId == null) {
            throw new Unauthenticated("missing caller tenant (" + TENANT_HEADER + ")");
        }
        return tenantId;
    }

    void requireOperator() {
        if (!roles.contains(PLATFORM_OPERATOR)) {
            throw new Forbidden("only platform operators may manage tenants");
        }
    }

    static class Unauthenticated extends RuntimeException {
        Unauthenticated(String message) {
            super(message);
        }
    }

    static class Forbidden extends RuntimeException {
        Forbidden(String message) {
            super(message);
        }
    }
}
