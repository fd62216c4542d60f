package io.aicockpit.support.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.aicockpit.coreapi.identity.InternalIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Test fixture: signs internal identity tokens the way the gateway does, with a key made per JVM whose public half
 * is written to a JWKS file the services under test are pointed at ({@code aicockpit.security.internal-token.jwks-file}).
 */
public final class TestIdentityTokens {
    private static final ECKey KEY = generate();
    private static final ECKey OTHER_KEY = generate();
    private static Path jwksFile;
    private static Path privateKeyFile;

    private TestIdentityTokens() {}

    /** The JWKS file with the public key that verifies {@link #token}. */
    public static synchronized Path jwksFile() {
        if (jwksFile == null) {
            try {
                jwksFile = Files.createTempFile("aicockpit-test-jwks", ".json");
                jwksFile.toFile().deleteOnExit();
                Files.writeString(jwksFile, new JWKSet(KEY.toPublicJWK()).toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return jwksFile;
    }

    /** The private key of {@link #token} as PKCS#8 PEM, for a gateway under test to sign with the same key. */
    public static synchronized Path privateKeyPemFile() {
        if (privateKeyFile == null) {
            try {
                privateKeyFile = Files.createTempFile("aicockpit-test-gateway-key", ".pem");
                privateKeyFile.toFile().deleteOnExit();
                Files.writeString(privateKeyFile, "-----BEGIN PRIVATE KEY-----\n"
                        + java.util.Base64.getMimeEncoder(64, "\n".getBytes())
                                .encodeToString(KEY.toECPrivateKey().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
        return privateKeyFile;
    }

    /** A valid token for a tenant member ({@code tenant} may be null for an operator). */
    public static String token(String tenant, String subject, String... roles) {
        String actorType = List.of(roles).contains(InternalIdentity.PLATFORM_OPERATOR) ? "OPERATOR"
                : List.of(roles).contains("INTEGRATION") ? "INTEGRATION" : "USER";
        return sign(KEY, claims(tenant, subject, actorType, Duration.ofSeconds(60), roles));
    }

    /** A token signed by a key the services do not know. */
    public static String forgedToken(String tenant, String subject, String... roles) {
        return sign(OTHER_KEY, claims(tenant, subject, "USER", Duration.ofSeconds(60), roles));
    }

    /** A token that expired ten minutes ago. */
    public static String expiredToken(String tenant, String subject, String... roles) {
        return sign(KEY, claims(tenant, subject, "USER", Duration.ofMinutes(-10), roles));
    }

    private static JWTClaimsSet claims(String tenant, String subject, String actorType, Duration ttl,
                                       String... roles) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().issuer(InternalIdentity.ISSUER)
                .audience(InternalIdentity.AUDIENCE).subject(subject)
                .claim(InternalIdentity.CLAIM_NAME, subject)
                .claim(InternalIdentity.CLAIM_ROLES, List.of(roles))
                .claim(InternalIdentity.CLAIM_ACTOR_TYPE, actorType)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now.minusSeconds(ttl.isNegative() ? 1200 : 0)))
                .expirationTime(Date.from(now.plus(ttl)));
        if (tenant != null) {
            b.claim(InternalIdentity.CLAIM_TENANT, tenant);
        }
        return b.build();
    }

    private static String sign(ECKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECKey generate() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
