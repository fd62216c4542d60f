package io.aicockpit.gateway.identity;

import io.aicockpit.coreapi.identity.InternalIdentity;
import java.time.Instant;
import java.util.List;

/**
 * The contract of {@code X-AiCockpit-Identity}, the token the gateway signs for the services behind it (ES256,
 * header {@code kid} = the key's RFC 7638 thumbprint, key published at {@code GET /internal/jwks.json} on the
 * gateway). A service must check the signature, {@code iss}, {@code aud} and {@code exp}; everything else is
 * then trustworthy. {@code jti} is the request id, which a caller may choose, so it is for correlation, not for
 * replay detection.
 *
 * @param tenant tenant slug; null for platform operators, who belong to no tenant
 * @param roles platform role names ({@link Role})
 * @param actorType {@code USER}, {@code INTEGRATION} or {@code OPERATOR}
 */
public record InternalTokenClaims(String issuer, String audience, String subject, String name, String tenant,
                                  List<String> roles, String actorType, String jti, Instant issuedAt,
                                  Instant expiresAt) {
    // one definition, shared with the services' verifier (core-api)
    public static final String HEADER = InternalIdentity.HEADER;
    public static final String ISSUER = InternalIdentity.ISSUER;
    public static final String AUDIENCE = InternalIdentity.AUDIENCE;
    public static final String NAME = InternalIdentity.CLAIM_NAME;
    public static final String TENANT = InternalIdentity.CLAIM_TENANT;
    public static final String ROLES = InternalIdentity.CLAIM_ROLES;
    public static final String ACTOR_TYPE = InternalIdentity.CLAIM_ACTOR_TYPE;
}
