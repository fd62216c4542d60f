package io.aicockpit.gateway.identity;

import io.aicockpit.gateway.web.Problems;
import io.aicockpit.support.problem.ProblemType;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code GET /api/v1/me}, any authenticated caller: who the gateway takes the caller for, with the platform roles
 * after the tenant's role mapping. The web app shows only the pages these roles allow; it cannot apply a tenant's
 * mapping itself (the mapping is not public). Nothing here grants anything: every route still checks its roles.
 */
@Configuration(proxyBeanMethods = false)
class CallerRoute {

    /** The verified caller as the browser may see it; no issuer, client id or token claims. */
    record Caller(String tenantId, String subject, String name, List<String> roles, String actorType) {}

    @Bean
    RouterFunction<ServerResponse> caller() {
        return RouterFunctions.route(RequestPredicates.GET("/api/v1/me"), request -> {
            GatewayIdentity identity = request.exchange().getAttribute(GatewayIdentity.ATTRIBUTE);
            if (identity == null) {
                return ServerResponse.status(HttpStatus.UNAUTHORIZED).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .bodyValue(Problems.of(request.exchange(), ProblemType.UNAUTHENTICATED, HttpStatus.UNAUTHORIZED,
                                "Authentication is required.", List.of()));
            }
            List<String> roles = identity.roles().stream().map(Enum::name).sorted().toList();
            return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(new Caller(
                    identity.tenantId() == null ? null : identity.tenantId().value(), identity.subject(),
                    identity.name(), roles, identity.actorType().name()));
        });
    }
}
