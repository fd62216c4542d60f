package io.aicockpit.gateway.webapp;

import io.aicockpit.support.problem.ProblemType;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.gateway.GatewayProperties;
import io.aicockpit.gateway.tenant.TenantDirectory;
import io.aicockpit.gateway.web.Problems;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/login-settings/{tenant}}, unauthenticated: what a browser needs to start the login at the
 * tenant's own IdP. Only public facts: the issuer (its discovery document is public anyway) and the public
 * client id; audiences, role mapping and rate limits stay private. {@value #PLATFORM} (not a valid tenant id, so it
 * cannot collide with one) names the platform's own issuer, where operators sign in to the admin console.
 */
@RestController
class LoginSettingsController {
    static final String PLATFORM = "_platform";

    private final TenantDirectory directory;
    private final WebAppProperties properties;
    private final GatewayProperties gateway;

    LoginSettingsController(TenantDirectory directory, WebAppProperties properties, GatewayProperties gateway) {
        this.directory = directory;
        this.properties = properties;
        this.gateway = gateway;
    }

    /** The public login settings of one tenant. */
    record LoginSettings(String tenant, String issuer, String clientId, String scopes) {}

    @GetMapping(path = "/api/v1/login-settings/{tenant}", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Object>> loginSettings(@PathVariable String tenant, ServerWebExchange exchange) {
        if (PLATFORM.equals(tenant)) {
            return Mono.just(ResponseEntity.ok().body(new LoginSettings(PLATFORM, gateway.platformIssuer(),
                    properties.publicClientId(), properties.scopes())));
        }
        if (!TenantId.isValid(tenant)) {
            return Mono.just(notFound(exchange));
        }
        return directory.byTenant(TenantId.of(tenant))
                .map(s -> ResponseEntity.ok()
                        .<Object>body(new LoginSettings(tenant, s.issuer(), properties.publicClientId(),
                                properties.scopes())))
                .switchIfEmpty(Mono.fromSupplier(() -> notFound(exchange)));
    }

    private static ResponseEntity<Object> notFound(ServerWebExchange exchange) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(exchange, ProblemType.TENANT_NOT_FOUND, HttpStatus.NOT_FOUND,
                        "No organization with this name signs in here.", List.of()));
    }
}
