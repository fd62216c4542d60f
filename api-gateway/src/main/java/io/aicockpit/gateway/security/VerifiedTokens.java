package io.aicockpit.gateway.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Remembers tokens the issuers' decoders already verified, until they expire: a client sends the same bearer token
 * with every request for its lifetime, and verifying its signature again each time was the largest cryptographic
 * cost per request. Only the exact token text that verified, for the same issuer and audiences, is remembered (a
 * changed byte is another key), never a failure; an entry lives until the token's {@code exp} and never longer than
 * {@code maxAge}, the lifetime of a decoder and its JWKS cache, so a key the issuer withdrew stops validating as
 * soon as before. One bounded cache serves every issuer.
 */
final class VerifiedTokens {
    private final Cache<String, Jwt> verified;

    VerifiedTokens(Duration maxAge, long maximumSize, Clock clock) {
        this.verified = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfter(Expiry.<String, Jwt>creating((token, jwt) -> {
                    Instant expiresAt = jwt.getExpiresAt();
                    Duration left = expiresAt == null ? Duration.ZERO : Duration.between(clock.instant(), expiresAt);
                    return left.isNegative() ? Duration.ZERO : left.compareTo(maxAge) > 0 ? maxAge : left;
                }))
                .build();
    }

    /** {@code decoder}, answering tokens it verified before from memory. */
    ReactiveJwtDecoder remembering(IssuerDecoders.Key key, ReactiveJwtDecoder decoder) {
        String prefix = key.issuer() + "\n" + String.join(",", key.audiences()) + "\n";
        return token -> {
            String cacheKey = prefix + token;
            Jwt known = verified.getIfPresent(cacheKey);
            if (known != null) {
                return Mono.just(known);
            }
            return decoder.decode(token).doOnNext(jwt -> verified.put(cacheKey, jwt));
        };
    }
}
