package io.aicockpit.aiworker.assist;

import static org.springframework.web.reactive.function.server.RequestPredicates.POST;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The assist routes, as functional endpoints like the relay's: the streams need control of their events. */
@Configuration(proxyBeanMethods = false)
class AssistRoutes {

    @Bean
    RouterFunction<ServerResponse> workspaceAssistRoutes(CodeAssistHandler code, WorkspaceChatHandler chat,
                                                         CommandHandler commands) {
        return route(POST("/api/v1/workspaces/{workspaceId}/ai/complete"), code::complete)
                .andRoute(POST("/api/v1/workspaces/{workspaceId}/ai/edit"), code::edit)
                .andRoute(POST("/api/v1/workspaces/{workspaceId}/ai/command"), commands::suggest)
                .andRoute(POST("/api/v1/workspaces/{workspaceId}/ai/command/{suggestionId}/run"), commands::run)
                .andRoute(POST("/api/v1/workspaces/{workspaceId}/ai/command/{suggestionId}/confirm"),
                        commands::confirm)
                .andRoute(POST("/api/v1/workspaces/{workspaceId}/ai/chat"), chat::chat);
    }
}
