package io.aicockpit.gateway.routing;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * What the container-worker node holding a workspace serves: the terminal (WebSocket), the caller's terminals and
 * the files API. The routes are ordered before the workspace reads (query-side) and changes (command-side), whose
 * {@code /api/v1/workspaces/**} would otherwise take them. Their URI is a placeholder: {@link WorkspaceNodeFilter}
 * puts the node's address in per request.
 */
@Configuration
@EnableConfigurationProperties(WorkspaceNodeProperties.class)
class WorkspaceNodeRoutes {
    static final String WORKSPACE = "/api/v1/workspaces/{workspaceId}";
    static final String TERMINAL = WORKSPACE + "/terminal";
    /** Before every route of {@link GatewayRoutes}, which have the default order 0. */
    static final int ORDER = -10;

    @Bean
    RouteLocator workspaceNodeRouteLocator(RouteLocatorBuilder routes, WorkspaceNodeProperties properties,
                                     WorkspaceNodeFilter toNode) {
        String placeholder = properties.routes().defaultNodeUri().toString();
        return routes.routes()
                .route("workspace-terminal", r -> r.order(ORDER).method(HttpMethod.GET).and().path(TERMINAL)
                        .filters(f -> f.filter(toNode)).uri(placeholder))
                .route("workspace-terminal-list", r -> r.order(ORDER).method(HttpMethod.GET).and()
                        .path(WORKSPACE + "/terminals").filters(f -> f.filter(toNode)).uri(placeholder))
                .route("workspace-terminal-close", r -> r.order(ORDER).method(HttpMethod.DELETE).and()
                        .path(WORKSPACE + "/terminals/{terminalId}").filters(f -> f.filter(toNode)).uri(placeholder))
                // the file-change stream (SSE) lives as long as the IDE is open: no response timeout
                .route("workspace-file-changes", r -> r.order(ORDER).method(HttpMethod.GET).and()
                        .path(WORKSPACE + "/files/changes").filters(f -> f.filter(toNode))
                        .metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, -1).uri(placeholder))
                .route("workspace-files", r -> r.order(ORDER)
                        .method(HttpMethod.GET, HttpMethod.PUT, HttpMethod.POST, HttpMethod.DELETE).and()
                        .path(WORKSPACE + "/files", WORKSPACE + "/files/**").filters(f -> f.filter(toNode))
                        .uri(placeholder))
                // the /workspace volume's size and use, measured by the node (docs/workspaces.md, disk quotas)
                .route("workspace-disk", r -> r.order(ORDER).method(HttpMethod.GET).and()
                        .path(WORKSPACE + "/disk").filters(f -> f.filter(toNode)).uri(placeholder))
                .build();
    }
}
