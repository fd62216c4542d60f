package io.aicockpit.support.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where a service finds the gateway's public keys ({@code aicockpit.security.internal-token.*}).
 *
 * @param jwksUri  the gateway's JWKS endpoint, refetched when an unknown key id appears
 *                 ({@code AICOCKPIT_SECURITY_INTERNAL_TOKEN_JWKS_URI}); the local stack's gateway by default
 * @param jwksFile a JWKS file (public keys only) that replaces the endpoint when set: tests, air-gapped setups
 */
@ConfigurationProperties("aicockpit.security.internal-token")
public record InternalTokenProperties(
        @DefaultValue("http://127.0.0.1:8080/internal/jwks.json") String jwksUri,
        String jwksFile) {}
