package io.aicockpit.gateway.security;

import io.aicockpit.coreapi.common.ActorType;
import io.aicockpit.gateway.identity.GatewayIdentity;
import io.aicockpit.gateway.identity.Role;
import io.aicockpit.gateway.tenant.TenantSettings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Turns a verified token into a {@link GatewayIdentity}. The tenant comes from the registration the issuer
 * matched, never from a claim. Roles come from the tenant's role claim through its mapping (without a mapping,
 * IdP role names equal to a tenant role are taken as is); {@code PLATFORM_OPERATOR} can only come from the
 * platform issuer, whatever a tenant's token says.
 */
final class IdentityMapper {
    private static final Set<Role> TENANT_ROLES = EnumSet.of(Role.ORG_ADMIN, Role.DEVELOPER, Role.AUDITOR,
            Role.INTEGRATION);

    private IdentityMapper() {
    }

    static GatewayIdentity platform(Jwt jwt) {
        return new GatewayIdentity(null, jwt.getSubject(), name(jwt), Set.of(Role.PLATFORM_OPERATOR),
                ActorType.OPERATOR, jwt.getIssuer().toString(), clientId(jwt));
    }

    static GatewayIdentity tenant(Jwt jwt, TenantSettings tenant) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String idpRole : roleNames(jwt.getClaims(), tenant.roleClaim())) {
            String mapped = tenant.roleMapping().isEmpty() ? idpRole : tenant.roleMapping().get(idpRole);
            TENANT_ROLES.stream().filter(role -> role.name().equals(mapped)).forEach(roles::add);
        }
        String clientId = clientId(jwt);
        boolean clientCredentials = clientId != null && clientId.equals(jwt.getSubject());
        ActorType actorType = clientCredentials || roles.contains(Role.INTEGRATION) ? ActorType.INTEGRATION
                : ActorType.USER;
        return new GatewayIdentity(tenant.tenantId(), jwt.getSubject(), name(jwt), roles, actorType, tenant.issuer(),
                clientId);
    }

    /** Follows a dotted path ({@code realm_access.roles}); accepts a list or a space/comma separated string. */
    static List<String> roleNames(Map<String, Object> claims, String path) {
        Object node = claims;
        for (String segment : path.split("\\.")) {
            if (!(node instanceof Map<?, ?> map)) {
                return List.of();
            }
            node = map.get(segment);
        }
        List<String> names = new ArrayList<>();
        if (node instanceof Collection<?> values) {
            values.stream().filter(Objects::nonNull).map(Object::toString).forEach(names::add);
        } else if (node instanceof String value) {
            for (String part : value.split("[\\s,]+")) {
                if (!part.isEmpty()) {
                    names.add(part);
                }
            }
        }
        return names;
    }

    private static String name(Jwt jwt) {
        for (String claim : List.of("name", "preferred_username")) {
            String value = jwt.getClaimAsString(claim);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return jwt.getSubject();
    }

    private static String clientId(Jwt jwt) {
        String azp = jwt.getClaimAsString("azp");
        return azp != null ? azp : jwt.getClaimAsString("client_id");
    }
}
