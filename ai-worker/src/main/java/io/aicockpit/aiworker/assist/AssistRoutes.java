package io.aicockpit.aiworker.assist;

import static org.springframework.web.reactive.function.server.RequestPredicates.POST;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The assist routes, as functional endpoints like the relay's: the edit stream needs control of its events. */
@Configuration(proxyBeanMethods = false)
class AssistRoutes {

    @Bean
    RouterFunction<ServerResponse> workspaceAssistRoutes(AssistHandler handler) {
        return route(POST("/api/v1/workspaces/{workspaceId}/ai/complete"), handler::complete)
                .andRoute(POST("/api/v1/workspaces/{workspaceId}/ai/edit"), handler::edit)
                .andRoute(POST("/api/v1/workspaces/{workspaceId}/ai/command"), handler::command)
                .andRoute(POST("/api/v1/workspaces/{workspaceId}/ai/command/{suggestionId}/run"), handler::run)
                .andRoute(POST("/api/v1/workspaces/{workspaceId}/ai/command/{suggestionId}/confirm"),
                        handler::confirm)
                .andRoute(POST("/api/v1/workspaces/{workspaceId}/ai/chat"), handler::chat);
    }
}
