package io.aicockpit.gateway.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.aicockpit.gateway.GatewayProperties;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import javax.crypto.KeyAgreement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Signs the identity the gateway verified into {@code X-AiCockpit-Identity} (see {@link InternalTokenClaims}).
 * Signing instead of plain headers means a request that reaches a service without passing the gateway carries
 * nothing the service would accept. The key comes from a PKCS#8 PEM file; without one an ephemeral key is made
 * per start, which is fine for one gateway instance but breaks verification across replicas or restarts.
 */
@Component
public class InternalTokenIssuer {
    private static final Logger log = LoggerFactory.getLogger(InternalTokenIssuer.class);

    private final ECKey key;
    private final ECDSASigner signer;
    private final Duration ttl;
    private final Clock clock;
    private final com.github.benmanes.caffeine.cache.Cache<GatewayIdentity, String> issued;

    @Autowired
    InternalTokenIssuer(GatewayProperties properties) {
        this(load(properties.internalToken().privateKey()), properties.internalToken().ttl(), Clock.systemUTC());
    }

    InternalTokenIssuer(KeyPair keyPair, Duration ttl, Clock clock) {
        try {
            ECKey withoutId = new ECKey.Builder(Curve.P_256, (ECPublicKey) keyPair.getPublic())
                    .privateKey((ECPrivateKey) keyPair.getPrivate()).build();
            this.key = new ECKey.Builder(withoutId).keyIDFromThumbprint().build();
            this.signer = new ECDSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException("internal token key is not a usable P-256 key", e);
        }
        this.ttl = ttl;
        this.clock = clock;
        this.issued = com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
                .expireAfterWrite(ttl.dividedBy(2))
                .maximumSize(100_000)
                .build();
    }

    /**
     * The token for a caller's forwarded requests. One token serves the same identity for half its lifetime, so
     * the gateway signs, and each service verifies, once per caller and half-minute instead of once per request
     * (ES256 is the largest per-request CPU cost measured). The request id travels in {@code X-Request-Id};
     * {@code jti} only names the token.
     */
    public String issue(GatewayIdentity identity) {
        return issued.get(identity, this::sign);
    }

    private String sign(GatewayIdentity identity) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(InternalTokenClaims.ISSUER)
                .audience(InternalTokenClaims.AUDIENCE)
                .subject(identity.subject())
                .claim(InternalTokenClaims.NAME, identity.name())
                .claim(InternalTokenClaims.ROLES, identity.roles().stream().map(Enum::name).sorted().toList())
                .claim(InternalTokenClaims.ACTOR_TYPE, identity.actorType().name())
                .jwtID(java.util.UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)));
        if (identity.tenantId() != null) {
            claims.claim(InternalTokenClaims.TENANT, identity.tenantId().value());
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign internal token", e);
        }
        return jwt.serialize();
    }

    /** The public half, as served at {@code /internal/jwks.json}. */
    public JWKSet publicJwks() {
        return new JWKSet(List.of(key.toPublicJWK()));
    }

    private static KeyPair load(Path privateKey) {
        if (privateKey == null || privateKey.toString().isBlank()) {
            log.atWarn().log("no aicockpit.gateway.internal-token.private-key configured: using an ephemeral key; "
                    + "services must fetch /internal/jwks.json again after every gateway restart");
            return generate();
        }
        try {
            String pem = Files.readString(privateKey, StandardCharsets.US_ASCII);
            if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
                throw new IllegalStateException("internal token key must be a PKCS#8 PEM (BEGIN PRIVATE KEY); "
                        + "convert with: openssl pkcs8 -topk8 -nocrypt");
            }
            String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
            KeyFactory factory = KeyFactory.getInstance("EC");
            ECPrivateKey key = (ECPrivateKey) factory.generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            if (key.getParams().getCurve().getField().getFieldSize() != 256) {
                throw new IllegalStateException("internal token key must be on P-256 (ES256)");
            }
            return new KeyPair(publicOf(key), key);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalStateException("cannot read internal token key " + privateKey, e);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks P-256", e);
        }
    }

    /**
     * PKCS#8 need not contain the public key and the JDK has no API to derive it, so compute d·G through ECDH
     * with the generator (which yields x), solve the curve equation for y and keep the root that verifies.
     */
    static ECPublicKey publicOf(ECPrivateKey privateKey) throws GeneralSecurityException {
        ECParameterSpec spec = privateKey.getParams();
        KeyFactory factory = KeyFactory.getInstance("EC");
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(privateKey);
        agreement.doPhase(factory.generatePublic(new ECPublicKeySpec(spec.getGenerator(), spec)), true);
        BigInteger x = new BigInteger(1, agreement.generateSecret());
        BigInteger p = ((ECFieldFp) spec.getCurve().getField()).getP();
        BigInteger rhs = x.pow(3).add(spec.getCurve().getA().multiply(x)).add(spec.getCurve().getB()).mod(p);
        BigInteger y = rhs.modPow(p.add(BigInteger.ONE).shiftRight(2), p);
        byte[] probe = "aicockpit-key-probe".getBytes(StandardCharsets.US_ASCII);
        Signature signing = Signature.getInstance("SHA256withECDSA");
        signing.initSign(privateKey);
        signing.update(probe);
        byte[] signature = signing.sign();
        for (BigInteger candidateY : List.of(y, p.subtract(y))) {
            ECPublicKey candidate = (ECPublicKey) factory.generatePublic(
                    new ECPublicKeySpec(new ECPoint(x, candidateY), spec));
            Signature verifying = Signature.getInstance("SHA256withECDSA");
            verifying.initVerify(candidate);
            verifying.update(probe);
            if (verifying.verify(signature)) {
                return candidate;
            }
        }
        throw new GeneralSecurityException("cannot derive the public key of the internal token key");
    }
}
