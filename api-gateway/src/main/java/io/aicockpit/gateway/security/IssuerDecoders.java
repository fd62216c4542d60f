package io.aicockpit.gateway.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.aicockpit.gateway.GatewayProperties;
import io.netty.channel.ChannelOption;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

/**
 * One verifying decoder per trusted issuer and audience set. Each decoder discovers its JWKS from the issuer's
 * OIDC metadata and refetches it when a token names an unknown {@code kid} (rotation without restart); as Nimbus
 * never drops a cached key, the decoder itself expires after {@code aicockpit.gateway.decoders.ttl}, which bounds
 * how long a key the issuer removed keeps validating. The cache is bounded so many issuers cannot exhaust memory.
 * Only RS256 and ES256 are accepted: HMAC (whose "secret" could be the public key) and {@code none} never verify.
 */
@Component
class IssuerDecoders {
    /** What a decoder checks besides the signature; a changed registration gives a new key and a new decoder. */
    record Key(String issuer, List<String> audiences) {}

    /** Verified tokens remembered, all issuers together (see {@link VerifiedTokens}); about 2 KB each. */
    private static final long VERIFIED_TOKENS = 20_000;

    private final Cache<Key, ReactiveJwtDecoder> decoders;
    private final WebClient webClient;
    private final VerifiedTokens verified;

    IssuerDecoders(GatewayProperties properties, WebClient.Builder builder) {
        GatewayProperties.Decoders settings = properties.decoders();
        this.verified = new VerifiedTokens(settings.ttl(), VERIFIED_TOKENS, Clock.systemUTC());
        this.decoders = Caffeine.newBuilder().expireAfterWrite(settings.ttl()).maximumSize(settings.maximumIssuers())
                .build();
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.fetchTimeout().toMillis())
                .responseTimeout(settings.fetchTimeout())
                .followRedirect(false);
        this.webClient = builder.clone().clientConnector(new ReactorClientHttpConnector(http)).build();
    }

    ReactiveJwtDecoder decoderFor(Key key) {
        return decoders.get(key, this::build);
    }

    /** Drops a decoder whose discovery failed, so the next request tries again instead of reusing the failure. */
    void forget(Key key) {
        decoders.invalidate(key);
    }

    private ReactiveJwtDecoder build(Key key) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withIssuerLocation(key.issuer())
                .webClient(webClient)
                .jwsAlgorithms(algorithms -> {
                    algorithms.add(SignatureAlgorithm.RS256);
                    algorithms.add(SignatureAlgorithm.ES256);
                })
                .build();
        OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<Collection<String>>(JwtClaimNames.AUD,
                aud -> aud != null && aud.stream().anyMatch(key.audiences()::contains));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(key.issuer()), audience));
        return verified.remembering(key, decoder);
    }
}
