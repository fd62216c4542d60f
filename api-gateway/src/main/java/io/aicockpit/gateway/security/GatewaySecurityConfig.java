package io.aicockpit.gateway.security;

import io.aicockpit.gateway.identity.Role;
import io.aicockpit.gateway.web.Problems;
import io.aicockpit.support.problem.ProblemType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;

/**
 * The route-by-role matrix and the 401/403 answers. Stateless (no session, no CSRF: every request carries its
 * bearer token). Unknown paths only need a valid token and then answer 404, so route names do not leak to
 * anonymous callers. Which resources inside a route a role may touch (a developer's own workspaces) is decided
 * by the services, which get the roles in the internal token.
 */
@Configuration
class GatewaySecurityConfig {
    private static final String[] WORKSPACE_ROLES = {Role.DEVELOPER.name(), Role.ORG_ADMIN.name(),
            Role.INTEGRATION.name()};
    private static final String[] AUDIT_ROLES = {Role.ORG_ADMIN.name(), Role.AUDITOR.name()};

    @Bean
    SecurityWebFilterChain gatewaySecurity(ServerHttpSecurity http, TenantIssuerResolver issuers) {
        ServerAuthenticationEntryPoint unauthorized = unauthorized();
        ServerAccessDeniedHandler forbidden = (exchange, denied) -> {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE,
                    "Bearer error=\"insufficient_scope\"");
            return Problems.write(exchange, ProblemType.FORBIDDEN,
                    "Your roles do not allow this request.");
        };
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .authorizeExchange(routes -> routes
                        .pathMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus",
                                "/internal/jwks.json").permitAll()
                        // the web app's shell and its public login settings (io.aicockpit.gateway.webapp)
                        .pathMatchers(HttpMethod.GET, "/", "/index.html", "/assets/**", "/favicon.svg",
                                "/api/v1/login-settings/*").permitAll()
                        // a tenant's idle timeout is also its own org admins' to read and set (command-side checks the tenant)
                        .pathMatchers("/api/v1/tenants/*/idle-timeout")
                        .hasAnyRole(Role.PLATFORM_OPERATOR.name(), Role.ORG_ADMIN.name())
                        .pathMatchers("/api/v1/tenants", "/api/v1/tenants/**", "/api/v1/nodes", "/api/v1/nodes/**")
                        .hasRole(Role.PLATFORM_OPERATOR.name())
                        .pathMatchers("/api/v1/workspaces", "/api/v1/workspaces/**").hasAnyRole(WORKSPACE_ROLES)
                        .pathMatchers("/v1/**").hasAnyRole(WORKSPACE_ROLES)
                        .pathMatchers("/api/v1/ai-services", "/api/v1/ai-services/**").hasRole(Role.ORG_ADMIN.name())
                        .pathMatchers("/api/v1/integrations", "/api/v1/integrations/**")
                        .hasRole(Role.ORG_ADMIN.name())
                        // the caller's own tenant's rate limits and AI budgets, read-only (ratelimit.TenantLimitsRoute)
                        .pathMatchers(HttpMethod.GET, "/api/v1/tenant/limits").hasAnyRole(AUDIT_ROLES)
                        // the caller's own tenant's quotas and use (query-side); developers need the create limits
                        .pathMatchers(HttpMethod.GET, "/api/v1/tenant")
                        .hasAnyRole(Role.ORG_ADMIN.name(), Role.DEVELOPER.name(), Role.AUDITOR.name())
                        .pathMatchers("/api/v1/audit", "/api/v1/audit/**", "/api/v1/usage", "/api/v1/usage/**")
                        .hasAnyRole(AUDIT_ROLES)
                        .anyExchange().authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .authenticationManagerResolver(issuers)
                        .bearerTokenConverter(new WebSocketBearerTokenConverter())
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .build();
    }

    /**
     * RFC 6750: no token gets a bare {@code Bearer} challenge, a rejected token {@code error="invalid_token"}.
     * The reason stays in the logs: telling a caller which check failed helps an attacker more than a client.
     */
    private static ServerAuthenticationEntryPoint unauthorized() {
        return (exchange, failure) -> {
            boolean tokenRejected = failure instanceof OAuth2AuthenticationException;
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, tokenRejected
                    ? "Bearer error=\"invalid_token\", error_description=\"The access token is invalid or expired\""
                    : "Bearer");
            return Problems.write(exchange, tokenRejected ? ProblemType.INVALID_TOKEN : ProblemType.UNAUTHENTICATED,
                    tokenRejected ? "The access token is invalid or expired." : "A bearer token is required.");
        };
    }
}
