package io.aicockpit.support.identity;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The one {@link InternalIdentityVerifier} of a service behind the gateway, from {@link InternalTokenProperties}.
 * The gateway, which signs the tokens, excludes it.
 */
@AutoConfiguration
@EnableConfigurationProperties(InternalTokenProperties.class)
public class InternalIdentityAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean
    InternalIdentityVerifier internalIdentityVerifier(InternalTokenProperties properties) {
        return InternalIdentityVerifier.configured(properties.jwksUri(), properties.jwksFile());
    }
}
