package io.aicockpit.aiworker.relay;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.POST;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

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
}
