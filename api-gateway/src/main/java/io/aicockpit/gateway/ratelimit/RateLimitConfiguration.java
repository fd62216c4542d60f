package io.aicockpit.gateway.ratelimit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aicockpit.gateway.tenant.TenantDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
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
    RateLimitWebFilter rateLimitWebFilter(RedisBuckets buckets, CallerLimits limits,
                                          ObjectProvider<ObjectMapper> json, MeterRegistry meters) {
        return new RateLimitWebFilter(buckets, limits, json.getIfAvailable(ObjectMapper::new), meters);
    }

    @Bean
    AiTokenBudget aiTokenBudget(RedisBuckets buckets, CallerLimits limits) {
        return new AiTokenBudget(buckets, limits);
    }

    @Bean
    AiTokenBudgetWebFilter aiTokenBudgetWebFilter(AiTokenBudget budget, ObjectProvider<ObjectMapper> json) {
        return new AiTokenBudgetWebFilter(budget, json.getIfAvailable(ObjectMapper::new));
    }

    @Bean
    AiUsageBudgetCharger aiUsageBudgetCharger(AiTokenBudget budget) {
        return new AiUsageBudgetCharger(budget);
    }
}
