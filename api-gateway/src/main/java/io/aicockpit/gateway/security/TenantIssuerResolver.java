package io.aicockpit.gateway.security;

import com.nimbusds.jwt.JWTParser;
import io.aicockpit.gateway.GatewayProperties;
import io.aicockpit.gateway.identity.GatewayIdentity;
import io.aicockpit.gateway.tenant.TenantDirectory;
import java.text.ParseException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.ReactiveAuthenticationManagerResolver;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Chooses how to verify a bearer token by its {@code iss}, read before verification only to pick the verifier:
 * the platform issuer (operators) or a tenant issuer found in the registry. Any other issuer is refused without
 * a single outbound request, so a token cannot make the gateway fetch metadata from a host of its choosing.
 * On success the identity is put into the exchange attributes for the filters that run after security.
 */
@Component
class TenantIssuerResolver implements ReactiveAuthenticationManagerResolver<ServerWebExchange> {
    private static final Logger log = LoggerFactory.getLogger(TenantIssuerResolver.class);

    private final TenantDirectory directory;
    private final IssuerDecoders decoders;
    private final GatewayProperties properties;

    TenantIssuerResolver(TenantDirectory directory, IssuerDecoders decoders, GatewayProperties properties) {
        this.directory = directory;
        this.decoders = decoders;
        this.properties = properties;
    }

    @Override
    public Mono<ReactiveAuthenticationManager> resolve(ServerWebExchange exchange) {
        return Mono.just(authentication -> authenticate(exchange, authentication));
    }

    private Mono<Authentication> authenticate(ServerWebExchange exchange, Authentication authentication) {
        if (!(authentication instanceof BearerTokenAuthenticationToken bearer)) {
            return Mono.empty();
        }
        return Mono.defer(() -> verify(exchange, bearer.getToken())).cast(Authentication.class);
    }

    private Mono<GatewayAuthentication> verify(ServerWebExchange exchange, String token) {
        String issuer = unverifiedIssuer(token);
        Mono<GatewayAuthentication> verified;
        if (issuer.equals(properties.platformIssuer())) {
            IssuerDecoders.Key key = new IssuerDecoders.Key(issuer, List.of(properties.platformAudience()));
            verified = decode(key, token).map(jwt -> new GatewayAuthentication(jwt, IdentityMapper.platform(jwt)));
        } else {
            verified = directory.byIssuer(issuer)
                    .switchIfEmpty(Mono.error(() -> new InvalidBearerTokenException("untrusted issuer")))
                    .flatMap(tenant -> decode(new IssuerDecoders.Key(tenant.issuer(), tenant.audiences()), token)
                            .map(jwt -> new GatewayAuthentication(jwt, IdentityMapper.tenant(jwt, tenant))));
        }
        return verified.doOnNext(auth -> exchange.getAttributes().put(GatewayIdentity.ATTRIBUTE, auth.identity()));
    }

    /**
     * Failures the token caused (signature, claims, algorithm) are plain 401s. Anything else (discovery or JWKS
     * unreachable) is a 401 as well, since the token cannot be verified, but the decoder is dropped so the next
     * request retries discovery instead of reusing a failed one.
     */
    private Mono<Jwt> decode(IssuerDecoders.Key key, String token) {
        return decoders.decoderFor(key).decode(token).onErrorMap(error -> {
            if (!(error instanceof BadJwtException)) {
                decoders.forget(key);
                log.atWarn().addKeyValue("issuer", key.issuer()).addKeyValue("reason", error.getMessage())
                        .log("cannot verify tokens of issuer");
            }
            return new InvalidBearerTokenException("invalid token", error);
        });
    }

    /** The claimed issuer; a token that is not a JWT or has no issuer is refused here. */
    private static String unverifiedIssuer(String token) {
        try {
            String issuer = JWTParser.parse(token).getJWTClaimsSet().getIssuer();
            if (issuer == null || issuer.isBlank()) {
                throw new InvalidBearerTokenException("token has no issuer");
            }
            return issuer;
        } catch (ParseException e) {
            throw new InvalidBearerTokenException("token is not a JWT", e);
        }
    }
}
