package io.aicockpit.aiworker.relay;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.POST;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import io.aicockpit.coreapi.identity.InternalIdentityVerifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The OpenAI-compatible routes, as functional endpoints: the relay needs the raw body and full control of flushing. */
@Configuration(proxyBeanMethods = false)
class RelayRoutes {

    @Bean
    RouterFunction<ServerResponse> openAiRoutes(RelayHandler handler) {
        return route(POST("/v1/chat/completions"), request -> handler.complete(request, OpenAiEndpoint.CHAT_COMPLETIONS))
                .andRoute(POST("/v1/completions"), request -> handler.complete(request, OpenAiEndpoint.COMPLETIONS))
                .andRoute(GET("/v1/models"), handler::models);
    }

    /**
     * The gateway's public keys: its JWKS endpoint (refetched when an unknown key id appears), or a JWKS file when
     * one is configured.
     */
    @Bean
    InternalIdentityVerifier internalIdentityVerifier(
            @Value("${aicockpit.security.internal-token.jwks-uri:http://127.0.0.1:8080/internal/jwks.json}")
            String jwksUri,
            @Value("${aicockpit.security.internal-token.jwks-file:}") String jwksFile) {
        return InternalIdentityVerifier.configured(jwksUri, jwksFile);
    }
}
