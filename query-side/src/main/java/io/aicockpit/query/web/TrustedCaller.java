package io.aicockpit.query.web;

import java.util.Set;

import io.aicockpit.coreapi.common.TenantId;

/**
 * Who is asking, as the gateway verified it and signed it into its identity token. A controller parameter of this
 * type is filled only for requests whose token verified.
 */
public record TrustedCaller(TenantId tenantId, String subject, Set<String> roles) {
    /** Roles that see every workspace of their tenant; anyone else sees only the workspaces they own. */
    private static final Set<String> TENANT_WIDE = Set.of("ORG_ADMIN", "INTEGRATION");

    public TrustedCaller {
        roles = Set.copyOf(roles);
    }

    /** Refuses (403) a caller holding none of {@code roles}; {@code what} completes "only … may read …". */
    public void requireAnyRole(String what, String... roles) {
        for (String role : roles) {
            if (this.roles.contains(role)) {
                return;
            }
        }
        throw new ForbiddenException("only " + String.join(" or ", roles) + " may read " + what);
    }

    /** The owner whose workspaces this caller may see, or null when it may see all of its tenant's. */
    public String ownerFilter() {
        return roles.stream().anyMatch(TENANT_WIDE::contains) ? null : subject;
    }
}
