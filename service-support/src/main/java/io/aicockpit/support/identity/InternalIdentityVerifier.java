package io.aicockpit.support.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.aicockpit.coreapi.common.ActorType;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.identity.InternalIdentity;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies the gateway's {@value InternalIdentity#HEADER} token: ES256 only, issuer {@value InternalIdentity#ISSUER},
 * audience {@value InternalIdentity#AUDIENCE}, not expired (60 s clock skew), subject present. Keys come from the
 * gateway's JWKS endpoint (cached; an unknown {@code kid} triggers a refetch, so key rotation needs no restart) or,
 * for tests and air-gapped setups, from a JWKS file.
 */
public final class InternalIdentityVerifier {
    private static final int MAX_CACHED = 50_000;

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    /**
     * Tokens that verified, until they expire: the gateway reuses a caller's token for half its lifetime, so a
     * service verifies the ES256 signature once per caller and half-minute. Only verified tokens enter; a changed
     * byte is another key and is verified (and refused) in full.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, Verified> verified =
            new java.util.concurrent.ConcurrentHashMap<>();

    private record Verified(InternalIdentity identity, long expiresAtMillis) {}

    private InternalIdentityVerifier(JWKSource<SecurityContext> keys) {
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(InternalIdentity.AUDIENCE,
                new JWTClaimsSet.Builder().issuer(InternalIdentity.ISSUER).build(), Set.of("sub", "exp", "iat"));
        claims.setMaxClockSkew(60);
        processor.setJWTClaimsSetVerifier(claims);
    }

    /**
     * The verifier a service configures: keys from {@code jwksFile} when one is given (tests, air-gapped setups),
     * else from the gateway's {@code jwksUri} (properties {@code aicockpit.security.internal-token.jwks-file|jwks-uri}).
     */
    public static InternalIdentityVerifier configured(String jwksUri, String jwksFile) {
        if (jwksFile != null && !jwksFile.isBlank()) {
            return fromJwksFile(Path.of(jwksFile));
        }
        try {
            return fromJwksUrl(java.net.URI.create(jwksUri).toURL());
        } catch (java.net.MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("aicockpit.security.internal-token.jwks-uri is not a URL: " + jwksUri, e);
        }
    }

    /** Keys from the gateway's JWKS URL, e.g. {@code http://127.0.0.1:8080/internal/jwks.json}. */
    public static InternalIdentityVerifier fromJwksUrl(URL jwks) {
        return new InternalIdentityVerifier(JWKSourceBuilder.create(jwks).retrying(true).build());
    }

    /** Keys from a JWKS file (public keys only). */
    public static InternalIdentityVerifier fromJwksFile(Path jwks) {
        try {
            return new InternalIdentityVerifier(new ImmutableJWKSet<>(JWKSet.parse(Files.readString(jwks))));
        } catch (IOException | ParseException e) {
            throw new IllegalArgumentException("cannot read JWKS file " + jwks, e);
        }
    }

    /** Verifies {@code token}; throws {@link InvalidIdentityToken} with a reason safe to show the caller. */
    public InternalIdentity verify(String token) {
        if (token == null || token.isBlank()) {
            throw new InvalidIdentityToken("the request did not come through the gateway (no identity token)");
        }
        Verified known = verified.get(token);
        if (known != null) {
            if (System.currentTimeMillis() < known.expiresAtMillis()) {
                return known.identity();
            }
            verified.remove(token);
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException | BadJOSEException e) {
            throw new InvalidIdentityToken("the identity token is invalid", e);
        } catch (JOSEException e) {
            throw new InvalidIdentityToken("the identity token could not be verified", e);
        }
        try {
            String tenant = claims.getStringClaim(InternalIdentity.CLAIM_TENANT);
            List<String> roles = claims.getStringListClaim(InternalIdentity.CLAIM_ROLES);
            String actorType = claims.getStringClaim(InternalIdentity.CLAIM_ACTOR_TYPE);
            String name = claims.getStringClaim(InternalIdentity.CLAIM_NAME);
            InternalIdentity identity = new InternalIdentity(tenant == null ? null : new TenantId(tenant),
                    claims.getSubject(), name == null ? claims.getSubject() : name,
                    roles == null ? Set.of() : new HashSet<>(roles),
                    actorType == null ? ActorType.USER : ActorType.valueOf(actorType), claims.getJWTID());
            if (verified.size() >= MAX_CACHED) {
                verified.clear();
            }
            verified.put(token, new Verified(identity, claims.getExpirationTime().getTime()));
            return identity;
        } catch (ParseException | IllegalArgumentException e) {
            throw new InvalidIdentityToken("the identity token has malformed claims", e);
        }
    }
}
