package io.aicockpit.gateway.ratelimit;

import io.aicockpit.gateway.tenant.TenantDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the Redis buckets, the request-rate filter and the AI token budget. {@code aicockpit.gateway.rate-limit
 * .enabled=false} removes all of them (for tools and tests that run without Redis on purpose).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
@ConditionalOnProperty(prefix = "aicockpit.gateway.rate-limit", name = "enabled", matchIfMissing = true)
class RateLimitConfiguration {

    @Bean
    RedisBuckets rateLimitBuckets(RateLimitProperties properties, MeterRegistry meters) {
        return new RedisBuckets(properties, meters);
    }

    @Bean
    CallerLimits rateLimitCallerLimits(TenantDirectory tenants, RateLimitProperties properties) {
        return new CallerLimits(tenants, properties);
    }

    @Bean
    RateLimitWebFilter rateLimitWebFilter(RedisBuckets buckets, CallerLimits limits, MeterRegistry meters) {
        return new RateLimitWebFilter(buckets, limits, meters);
    }

    @Bean
    AiAdmissionWebFilter aiAdmissionWebFilter(RateLimitProperties properties, MeterRegistry meters) {
        return new AiAdmissionWebFilter(properties.aiMaxInFlight(), meters);
    }

    @Bean
    AiTokenBudget aiTokenBudget(RedisBuckets buckets, CallerLimits limits) {
        return new AiTokenBudget(buckets, limits);
    }

    @Bean
    AiTokenBudgetWebFilter aiTokenBudgetWebFilter(AiTokenBudget budget) {
        return new AiTokenBudgetWebFilter(budget);
    }

    @Bean
    AiUsageBudgetCharger aiUsageBudgetCharger(AiTokenBudget budget) {
        return new AiUsageBudgetCharger(budget);
    }
}
