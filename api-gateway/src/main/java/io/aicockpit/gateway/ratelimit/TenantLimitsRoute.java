package io.aicockpit.gateway.ratelimit;

import io.aicockpit.gateway.identity.GatewayIdentity;
import io.aicockpit.gateway.tenant.RateLimitSettings;
import io.aicockpit.gateway.tenant.TenantDirectory;
import io.aicockpit.gateway.web.Problems;
import io.aicockpit.support.problem.ProblemType;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code GET /api/v1/tenant/limits} (ORG_ADMIN, AUDITOR, by the security chain): the caller's own tenant's request
 * rate limits and AI token budgets as the gateway applies them, read-only. The tenant comes from the verified
 * identity only (there is no tenant parameter), so another tenant's limits cannot be asked for. Each limit is a
 * token bucket of {@code perMinute} tokens, refilled continuously by {@code perMinute} a minute; {@code
 * platformDefault} is what a tenant registered without its own value gets, and {@code overridden} tells whether the
 * tenant's registration sets another one. Only platform operators change them (the identity-provider registration).
 * Not conditional on {@code rate-limit.enabled}: {@code enforced} says whether the gateway applies them at all.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
class TenantLimitsRoute {
    static final String PATH = "/api/v1/tenant/limits";

    /** One token bucket: capacity and refill per minute (equal: "N per minute, refilled greedily"). */
    record Limit(long perMinute, long capacity, long refillPerMinute, long platformDefault, boolean overridden) {
        static Limit of(long value, long platformDefault) {
            return new Limit(value, value, value, platformDefault, value != platformDefault);
        }
    }

    record Pair(Limit tenant, Limit user) {}

    record TenantLimits(String tenantId, boolean enforced, boolean registered, Pair requests, Pair aiTokens,
                        String changeableBy) {}

    @Bean
    RouterFunction<ServerResponse> tenantLimits(TenantDirectory tenants, RateLimitProperties properties) {
        return RouterFunctions.route(RequestPredicates.GET(PATH), request -> {
            GatewayIdentity identity = request.exchange().getAttribute(GatewayIdentity.ATTRIBUTE);
            if (identity == null || identity.tenantId() == null) {
                // operators belong to no tenant; the security chain already refuses them (no tenant role)
                return ServerResponse.status(HttpStatus.FORBIDDEN).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .bodyValue(Problems.of(request.exchange(), ProblemType.FORBIDDEN, HttpStatus.FORBIDDEN,
                                "Only members of a tenant have tenant limits.", List.of()));
            }
            return tenants.byTenant(identity.tenantId())
                    .map(settings -> view(identity, settings.rateLimits(), true, properties))
                    .defaultIfEmpty(view(identity, null, false, properties))
                    .flatMap(view -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(view));
        });
    }

    private static TenantLimits view(GatewayIdentity identity, RateLimitSettings stored, boolean registered,
                                     RateLimitProperties properties) {
        RateLimitSettings d = RateLimitSettings.DEFAULTS;
        RateLimitSettings s = stored == null ? d : stored;
        return new TenantLimits(identity.tenantId().value(), properties.enabled(), registered,
                new Pair(Limit.of(s.tenantRequestsPerMinute(), d.tenantRequestsPerMinute()),
                        Limit.of(s.userRequestsPerMinute(), d.userRequestsPerMinute())),
                new Pair(Limit.of(s.tenantAiTokensPerMinute(), d.tenantAiTokensPerMinute()),
                        Limit.of(s.userAiTokensPerMinute(), d.userAiTokensPerMinute())),
                "PLATFORM_OPERATOR");
    }
}
