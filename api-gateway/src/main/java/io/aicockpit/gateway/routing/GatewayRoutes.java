package io.aicockpit.gateway.routing;

import io.aicockpit.gateway.GatewayProperties;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * The CQRS split at the edge: workspace and AI service reads and usage reports go to query-side, workspace and
 * AI service changes and tenant onboarding to command-side (tenant quota reads to query-side), the OpenAI-compatible {@code /v1} API and the
 * workspace AI assist ({@code /api/v1/workspaces/{id}/ai/**}) to ai-worker. Routes are explicit per method so a new
 * downstream endpoint is not exposed by accident.
 */
@Configuration
class GatewayRoutes {
    @Bean
    RouteLocator aicockpitRoutes(RouteLocatorBuilder routes, GatewayProperties properties) {
        String query = properties.routes().querySideUri().toString();
        String command = properties.routes().commandSideUri().toString();
        String ai = properties.routes().aiWorkerUri().toString();
        return routes.routes()
                // before workspace-changes, whose /api/v1/workspaces/** would otherwise send these to command-side
                .route("workspace-ai-assist", r -> r.method(HttpMethod.POST)
                        .and().path("/api/v1/workspaces/{workspaceId}/ai/**").uri(ai))
                // the live status stream (SSE): no response timeout, which would cut a stream whose headers come late
                .route("workspace-events", r -> r.method(HttpMethod.GET).and().path("/api/v1/workspaces/events")
                        .metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, -1).uri(query))
                .route("workspace-reads", r -> r.method(HttpMethod.GET)
                        .and().path("/api/v1/workspaces", "/api/v1/workspaces/**").uri(query))
                .route("workspace-changes", r -> r.method(HttpMethod.POST, HttpMethod.PATCH, HttpMethod.DELETE)
                        .and().path("/api/v1/workspaces", "/api/v1/workspaces/**").uri(command))
                .route("ai-service-reads", r -> r.method(HttpMethod.GET)
                        .and().path("/api/v1/ai-services", "/api/v1/ai-services/**").uri(query))
                .route("ai-service-changes", r -> r.method(HttpMethod.POST, HttpMethod.PATCH, HttpMethod.PUT,
                                HttpMethod.DELETE)
                        .and().path("/api/v1/ai-services", "/api/v1/ai-services/**").uri(command))
                // an org admin's integration credentials (Kafka logins) and topic backfills: command-side owns them,
                // reads included
                .route("integrations", r -> r.path("/api/v1/integrations/**").uri(command))
                .route("usage-reads", r -> r.method(HttpMethod.GET)
                        .and().path("/api/v1/usage", "/api/v1/usage/**").uri(query))
                .route("ai-models", r -> r.method(HttpMethod.GET).and().path("/v1/models").uri(ai))
                .route("ai-completions", r -> r.method(HttpMethod.POST)
                        .and().path("/v1/chat/completions", "/v1/completions").uri(ai))
                .route("tenant-onboarding", r -> r.method(HttpMethod.POST).and().path("/api/v1/tenants")
                        .uri(command))
                .route("tenant-quotas", r -> r.method(HttpMethod.PUT).and().path("/api/v1/tenants/{tenantId}/quotas")
                        .uri(command))
                // a platform operator offboards a tenant's integrations (credentials revoked, topics removed)
                .route("tenant-integrations", r -> r.method(HttpMethod.DELETE)
                        .and().path("/api/v1/tenants/{tenantId}/integrations").uri(command))
                .route("tenant-idle-timeout", r -> r.method(HttpMethod.GET, HttpMethod.PUT)
                        .and().path("/api/v1/tenants/{tenantId}/idle-timeout").uri(command))
                // the caller's own tenant's quotas and use; exactly this path: GET /api/v1/tenant/limits stays with
                // the gateway's own ratelimit.TenantLimitsRoute (a router function, asked before any route here)
                .route("tenant-own-read", r -> r.method(HttpMethod.GET).and().path("/api/v1/tenant").uri(query))
                // one tenant's quotas for platform operators (security chain); exactly one segment after /tenants
                .route("tenant-read", r -> r.method(HttpMethod.GET).and().path("/api/v1/tenants/{tenantId}")
                        .uri(query))
                // worker nodes: health, capacity, load, workspaces per tenant (platform operators, security chain)
                .route("node-reads", r -> r.method(HttpMethod.GET)
                        .and().path("/api/v1/nodes", "/api/v1/nodes/{nodeId}").uri(query))
                .route("tenant-placement", r -> r.method(HttpMethod.PUT)
                        .and().path("/api/v1/tenants/{tenantId}/placement").uri(command))
                .build();
    }
}
