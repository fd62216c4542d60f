package io.aicockpit.gateway.webapp;

import io.aicockpit.gateway.GatewayProperties;
import io.aicockpit.gateway.tenant.TenantDirectory;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The policy of the web app's documents. Scripts, workers, fonts and images come only from the gateway itself
 * (Monaco and xterm.js are bundled, no CDN). The browser talks to the gateway and, for the OIDC discovery, token
 * and refresh calls, to the registered tenant issuers' origins and the platform issuer's (operators) only.
 * <p>{@code style-src 'unsafe-inline'}: Monaco creates {@code <style>} elements at run time (theme colors, decorations)
 * and xterm.js positions its rows with inline styles; neither supports nonces. Scripts stay strict.
 */
@Component
class ContentSecurityPolicy {
    private final Mono<String> policy;

    ContentSecurityPolicy(TenantDirectory directory, WebAppProperties properties, GatewayProperties gateway) {
        this.policy = directory.issuers()
                .concatWithValues(gateway.platformIssuer())
                .mapNotNull(ContentSecurityPolicy::origin)
                .collectList()
                .onErrorReturn(List.of())
                .map(origins -> build(origins, properties.connectSources()))
                .cache(p -> properties.issuerOriginsTtl(), e -> java.time.Duration.ZERO, () -> java.time.Duration.ZERO);
    }

    Mono<String> current() {
        return policy;
    }

    static String build(Collection<String> issuerOrigins, Collection<String> extra) {
        TreeSet<String> connect = new TreeSet<>(issuerOrigins);
        extra.stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(connect::add);
        return String.join("; ",
                "default-src 'self'",
                "script-src 'self'",
                "style-src 'self' 'unsafe-inline'",
                "img-src 'self' data: blob:",
                "font-src 'self' data:",
                "connect-src 'self'" + (connect.isEmpty() ? "" : " " + String.join(" ", connect)),
                "worker-src 'self' blob:",
                "frame-src 'none'",
                "object-src 'none'",
                "base-uri 'self'",
                "form-action 'self'",
                "frame-ancestors 'none'");
    }

    /** scheme://host[:port] of an issuer, or null when it is not an absolute http(s) URI. */
    static String origin(String issuer) {
        try {
            URI uri = URI.create(issuer);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                return null;
            }
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
