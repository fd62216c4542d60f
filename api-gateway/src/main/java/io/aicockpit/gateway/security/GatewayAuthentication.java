package io.aicockpit.gateway.security;

import io.aicockpit.gateway.identity.GatewayIdentity;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/** A verified token with the identity derived from it; roles become {@code ROLE_<name>} authorities. */
final class GatewayAuthentication extends AbstractAuthenticationToken {
    private final transient Jwt jwt;
    private final GatewayIdentity identity;

    GatewayAuthentication(Jwt jwt, GatewayIdentity identity) {
        super(identity.roles().stream().map(role -> new SimpleGrantedAuthority("ROLE_" + role.name())).toList());
        this.jwt = jwt;
        this.identity = identity;
        setAuthenticated(true);
    }

    GatewayIdentity identity() {
        return identity;
    }

    @Override
    public Object getCredentials() {
        return jwt;
    }

    @Override
    public Object getPrincipal() {
        return identity;
    }

    @Override
    public String getName() {
        return identity.subject();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GatewayAuthentication that && identity.equals(that.identity) && super.equals(other);
    }

    @Override
    public int hashCode() {
        return identity.hashCode();
    }
}
