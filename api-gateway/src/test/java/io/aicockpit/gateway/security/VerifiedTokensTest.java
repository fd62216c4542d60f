package io.aicockpit.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

class VerifiedTokensTest {
    private static final IssuerDecoders.Key ACME = new IssuerDecoders.Key("http://localhost:8181/acme",
            List.of("aicockpit"));
    private final AtomicInteger verifications = new AtomicInteger();
    private Instant now = Instant.parse("2026-12-07T12:00:00Z");

    /** Verifies "good-*" tokens (valid for 10 minutes from the time of the call), refuses anything else. */
    private final ReactiveJwtDecoder issuer = token -> {
        verifications.incrementAndGet();
        if (!token.startsWith("good-")) {
            return Mono.error(new BadJwtException("bad signature"));
        }
        return Mono.just(Jwt.withTokenValue(token).header("alg", "RS256").subject("alice")
                .issuedAt(now).expiresAt(now.plus(Duration.ofMinutes(10))).build());
    };

    private VerifiedTokens tokens(Duration maxAge) {
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        return new VerifiedTokens(maxAge, 100, clock);
    }

    @Test
    void verifiesEachTokenOnceWhileItIsValid() {
        ReactiveJwtDecoder decoder = tokens(Duration.ofMinutes(5)).remembering(ACME, issuer);

        assertThat(decoder.decode("good-1").block().getSubject()).isEqualTo("alice");
        assertThat(decoder.decode("good-1").block().getSubject()).isEqualTo("alice");
        assertThat(verifications).hasValue(1);
        decoder.decode("good-2").block();
        assertThat(verifications).hasValue(2);
    }

    @Test
    void neverRemembersARefusedToken() {
        ReactiveJwtDecoder decoder = tokens(Duration.ofMinutes(5)).remembering(ACME, issuer);

        assertThatThrownBy(() -> decoder.decode("forged").block()).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("forged").block()).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void keepsTokensApartPerIssuerAndAudience() {
        VerifiedTokens tokens = tokens(Duration.ofMinutes(5));
        tokens.remembering(ACME, issuer).decode("good-1").block();

        ReactiveJwtDecoder globex = tokens.remembering(new IssuerDecoders.Key("http://localhost:8181/globex",
                List.of("aicockpit")), token -> Mono.error(new BadJwtException("unknown key")));
        assertThatThrownBy(() -> globex.decode("good-1").block()).isInstanceOf(BadJwtException.class);
        ReactiveJwtDecoder otherAudience = tokens.remembering(new IssuerDecoders.Key(ACME.issuer(),
                List.of("other")), token -> Mono.error(new BadJwtException("wrong audience")));
        assertThatThrownBy(() -> otherAudience.decode("good-1").block()).isInstanceOf(BadJwtException.class);
    }
}
