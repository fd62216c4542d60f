package io.aicockpit.gateway;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The gateway's own settings. Other gateway features (rate limits, audit) keep their own keys under
 * {@code aicockpit.gateway.*}; unknown keys are ignored here so they can.
 *
 * @param platformIssuer the platform's own OIDC issuer; only its tokens can carry {@code PLATFORM_OPERATOR}
 * @param platformAudience the audience platform tokens must carry
 * @param allowedInsecureIssuerHosts hosts whose issuer may use plain http (local IdPs); everything else needs https
 * @param tenantCacheTtl how long a registry lookup (also a miss) is cached; edits on other instances show after it
 * @param routes where the gateway forwards to
 * @param internalToken how the gateway signs the identity it passes downstream
 * @param decoders how long verified issuers' decoders (and their JWKS) are kept
 */
@Validated
@ConfigurationProperties("aicockpit.gateway")
public record GatewayProperties(@DefaultValue("http://localhost:8181/platform") @NotBlank String platformIssuer,
                                @DefaultValue("aicockpit-platform") @NotBlank String platformAudience,
                                @DefaultValue({"localhost", "127.0.0.1"}) List<String> allowedInsecureIssuerHosts,
                                @DefaultValue("30s") @NotNull Duration tenantCacheTtl,
                                @DefaultValue @NotNull Routes routes,
                                @DefaultValue @NotNull InternalToken internalToken,
                                @DefaultValue @NotNull Decoders decoders) {

    /** Downstream base URIs. */
    public record Routes(@DefaultValue("http://127.0.0.1:8082") @NotNull URI querySideUri,
                         @DefaultValue("http://127.0.0.1:8081") @NotNull URI commandSideUri,
                         @DefaultValue("http://127.0.0.1:8084") @NotNull URI aiWorkerUri) {}

    /**
     * @param privateKey PEM PKCS#8 EC (P-256) private key file; without it an ephemeral key is generated per start
     * @param ttl lifetime of one internal token
     */
    public record InternalToken(Path privateKey, @DefaultValue("60s") Duration ttl) {}

    /**
     * @param ttl a decoder is rebuilt after this, so keys an issuer removed from its JWKS stop validating
     * @param maximumIssuers bound on cached decoders, so a flood of registered issuers cannot grow memory
     * @param fetchTimeout timeout for OIDC discovery and JWKS requests
     */
    public record Decoders(@DefaultValue("5m") Duration ttl, @DefaultValue("1000") long maximumIssuers,
                           @DefaultValue("5s") Duration fetchTimeout) {}
}
