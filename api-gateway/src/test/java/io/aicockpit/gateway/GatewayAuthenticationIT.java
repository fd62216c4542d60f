package io.aicockpit.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;

class GatewayAuthenticationIT extends GatewayIT {
    private static FakeIssuer fake;
    private static String fakeTenant;

    @BeforeAll
    static void startFakeIssuer() throws Exception {
        fake = new FakeIssuer();
    }

    @AfterAll
    static void stopFakeIssuer() {
        fake.close();
    }

    private void registerFakeTenant() {
        if (fakeTenant == null) {
            fakeTenant = newTenant("fake");
            register(fakeTenant, Map.of("issuer", fake.issuer(), "audiences", List.of(TestIdp.AUDIENCE)))
                    .expectStatus().isOk();
        }
    }

    @Test
    void forwardsOwnTenantUserWithSignedIdentityAndStripsClientHeaders() throws Exception {
        String tenant = newTenant("acme");
        registerMockTenant(tenant, Map.of("dev", "DEVELOPER"));
        TestIdp.grant(tenant, "alice", "dev");
        String token = TestIdp.passwordToken(tenant, "alice");

        String requestId = web.get().uri("/api/v1/workspaces?limit=5")
                .headers(h -> {
                    h.setBearerAuth(token);
                    h.set("X-AiCockpit-Tenant", "victim");
                    h.set("X-AiCockpit-Roles", "PLATFORM_OPERATOR");
                    h.set("X-AiCockpit-Identity", "forged");
                    h.set("x-aicockpit-anything", "smuggled");
                })
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.service").isEqualTo("query-side")
                .returnResult().getResponseHeaders().getFirst("X-Request-Id");

        EchoServer.Received got = QUERY_SIDE.last();
        assertThat(got.path()).isEqualTo("/api/v1/workspaces");
        assertThat(got.header(HttpHeaders.AUTHORIZATION)).isNull();
        assertThat(got.header("x-aicockpit-anything")).isNull();
        assertThat(got.header("X-AiCockpit-Tenant")).isNull();
        assertThat(got.header("X-AiCockpit-Roles")).isNull();
        assertThat(got.header("X-Request-Id")).isEqualTo(requestId);

        SignedJWT identity = SignedJWT.parse(got.header("X-AiCockpit-Identity"));
        assertThat(identity.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(identity.verify(new ECDSAVerifier(gatewayKey(identity.getHeader().getKeyID())))).isTrue();
        JWTClaimsSet claims = identity.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("aicockpit-gateway");
        assertThat(claims.getAudience()).containsExactly("aicockpit-internal");
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getStringClaim("name")).isEqualTo("alice Tester");
        assertThat(claims.getStringClaim("tenant")).isEqualTo(tenant);
        assertThat(claims.getStringListClaim("roles")).containsExactly("DEVELOPER");
        assertThat(claims.getStringClaim("actor_type")).isEqualTo("USER");
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void forwardsClientCredentialsTokenAsIntegration() throws Exception {
        String tenant = newTenant("acme");
        registerMockTenant(tenant, Map.of("ci-bot", "INTEGRATION"));
        TestIdp.grant(tenant, "ci-client", "ci-bot");
        String token = TestIdp.clientCredentialsToken(tenant, "ci-client");

        web.post().uri("/api/v1/workspaces").headers(h -> h.setBearerAuth(token)).bodyValue(Map.of())
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.service").isEqualTo("command-side");

        EchoServer.Received got = COMMAND_SIDE.last();
        JWTClaimsSet claims = SignedJWT.parse(got.header("X-AiCockpit-Identity")).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("ci-client");
        assertThat(claims.getStringClaim("actor_type")).isEqualTo("INTEGRATION");
        assertThat(signedRoles(got.header("X-AiCockpit-Identity"))).containsExactly("INTEGRATION");
    }

    @Test
    void acceptsWellFormedTokenOfTheFakeIssuer() {
        registerFakeTenant();
        String token = fake.sign(fake.claims("bob", TestIdp.AUDIENCE, "DEVELOPER").build(), fake.current());

        web.get().uri("/api/v1/workspaces").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk();
    }

    @ParameterizedTest
    @ValueSource(strings = {"unknown-issuer", "expired", "not-yet-valid", "wrong-audience", "alg-none",
            "hs256-with-public-key", "tampered-payload", "unknown-kid", "not-a-jwt"})
    void refusesBadTokenWithBearerChallenge(String defect) throws Exception {
        registerFakeTenant();
        String token = badToken(defect);

        web.get().uri("/api/v1/workspaces").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE,
                        value -> assertThat(value).startsWith("Bearer error=\"invalid_token\""))
                .expectHeader().contentType("application/problem+json")
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:aicockpit:problem:invalid-token")
                .jsonPath("$.requestId").isNotEmpty()
                .jsonPath("$.trace").doesNotExist();
    }

    @Test
    void refusesMissingTokenWithBearerChallenge() {
        web.get().uri("/api/v1/workspaces").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .expectBody().jsonPath("$.type").isEqualTo("urn:aicockpit:problem:unauthenticated");
    }

    @Test
    void refusesBadTokenOnV1WithAnOpenAiErrorAndBearerChallenge() throws Exception {
        registerFakeTenant();
        String token = badToken("expired");

        web.post().uri("/v1/chat/completions").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE,
                        value -> assertThat(value).startsWith("Bearer error=\"invalid_token\""))
                .expectHeader().contentType("application/json")
                .expectBody()
                .jsonPath("$.error.message").isEqualTo("The access token is invalid or expired.")
                .jsonPath("$.error.type").isEqualTo("invalid_request_error")
                .jsonPath("$.error.param").isEmpty()
                .jsonPath("$.error.code").isEqualTo("invalid_api_key")
                .jsonPath("$.error.request_id").isNotEmpty()
                .jsonPath("$.type").doesNotExist();
    }

    @Test
    void refusesMissingTokenOnV1WithAnOpenAiErrorAndBearerChallenge() {
        web.get().uri("/v1/models").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .expectHeader().contentType("application/json")
                .expectBody()
                .jsonPath("$.error.message").isEqualTo("A bearer token is required.")
                .jsonPath("$.error.code").isEqualTo("invalid_api_key");
    }

    @Test
    void acceptsKeyRotatedInWithoutRestartAndDropsRemovedKeyWithinDecoderTtl() {
        registerFakeTenant();
        RSAKey old = fake.current();
        String oldToken = fake.sign(fake.claims("carol", TestIdp.AUDIENCE, "DEVELOPER").build(), old);
        web.get().uri("/api/v1/workspaces").headers(h -> h.setBearerAuth(oldToken)).exchange()
                .expectStatus().isOk();

        RSAKey rotated = fake.rotate();
        String newToken = fake.sign(fake.claims("carol", TestIdp.AUDIENCE, "DEVELOPER").build(), rotated);
        web.get().uri("/api/v1/workspaces").headers(h -> h.setBearerAuth(newToken)).exchange()
                .expectStatus().isOk();

        fake.unpublish(old);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                web.get().uri("/api/v1/workspaces").headers(h -> h.setBearerAuth(oldToken)).exchange()
                        .expectStatus().isUnauthorized());
        web.get().uri("/api/v1/workspaces").headers(h -> h.setBearerAuth(newToken)).exchange()
                .expectStatus().isOk();
    }

    private String badToken(String defect) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet valid = fake.claims("mallory", TestIdp.AUDIENCE, "DEVELOPER").build();
        return switch (defect) {
            case "unknown-issuer" -> TestIdp.clientCredentialsToken(newTenant("unregistered"), "client");
            case "expired" -> fake.sign(new JWTClaimsSet.Builder(valid).issueTime(Date.from(now.minusSeconds(900)))
                    .notBeforeTime(Date.from(now.minusSeconds(900)))
                    .expirationTime(Date.from(now.minusSeconds(600))).build(), fake.current());
            case "not-yet-valid" -> fake.sign(new JWTClaimsSet.Builder(valid)
                    .notBeforeTime(Date.from(now.plusSeconds(600)))
                    .expirationTime(Date.from(now.plusSeconds(900))).build(), fake.current());
            case "wrong-audience" -> fake.sign(new JWTClaimsSet.Builder(valid).audience("someone-else").build(),
                    fake.current());
            case "alg-none" -> new PlainJWT(valid).serialize();
            case "hs256-with-public-key" -> {
                SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .keyID(fake.current().getKeyID()).build(), valid);
                jwt.sign(new MACSigner(fake.current().toPublicKey().getEncoded()));
                yield jwt.serialize();
            }
            case "tampered-payload" -> {
                String[] parts = fake.sign(valid, fake.current()).split("\\.");
                String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                        new JWTClaimsSet.Builder(valid).claim("roles", List.of("ORG_ADMIN")).build().toString()
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                yield parts[0] + "." + payload + "." + parts[2];
            }
            case "unknown-kid" -> {
                RSAKey unpublished = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("never-published")
                        .generate();
                yield fake.sign(valid, unpublished);
            }
            case "not-a-jwt" -> "abc.def.ghi";
            default -> throw new IllegalArgumentException(defect);
        };
    }

    private ECKey gatewayKey(String keyId) throws Exception {
        String jwks = web.get().uri("/internal/jwks.json").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        return JWKSet.parse(jwks).getKeyByKeyId(keyId).toECKey();
    }

    /** The platform roles in the gateway's signed identity token, as the services read them. */
    private static java.util.List<String> signedRoles(String identityToken) {
        try {
            return com.nimbusds.jwt.SignedJWT.parse(identityToken).getJWTClaimsSet().getStringListClaim("roles");
        } catch (java.text.ParseException e) {
            throw new AssertionError("the identity token does not parse", e);
        }
    }
}
