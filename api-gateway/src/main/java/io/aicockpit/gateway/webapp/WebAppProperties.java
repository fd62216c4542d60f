package io.aicockpit.gateway.webapp;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the web app the gateway serves. Kept apart from {@code GatewayProperties} so the web app's keys can
 * change without touching the routing and token settings other features own.
 *
 * @param publicClientId the OIDC client id of the browser app (a public client using PKCE) at every tenant's IdP
 * @param scopes the scopes the browser asks for
 * @param connectSources extra origins the browser may call (for example an IdP whose token endpoint differs from
 *                       its issuer's origin); the origins of all registered issuers are always allowed
 * @param issuerOriginsTtl how long the set of registered issuer origins in the policy is cached
 */
@Validated
@ConfigurationProperties("aicockpit.gateway.web-app")
public record WebAppProperties(@DefaultValue("aicockpit-web") @NotBlank String publicClientId,
                               @DefaultValue("openid profile email") @NotBlank String scopes,
                               @DefaultValue List<String> connectSources,
                               @DefaultValue("30s") @NotNull Duration issuerOriginsTtl) {}
