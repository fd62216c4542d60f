package io.aicockpit.query.web;

import io.aicockpit.coreapi.identity.InternalIdentityVerifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;

import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts the gateway-token check in front of every {@code /api} endpoint. */
@Configuration(proxyBeanMethods = false)
class WebConfig implements WebMvcConfigurer {
    private final TrustedCallerResolver trustedCallers;

    WebConfig(TrustedCallerResolver trustedCallers) {
        this.trustedCallers = trustedCallers;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(trustedCallers).addPathPatterns("/api/**");
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(trustedCallers);
    }

    /**
     * The gateway's public keys: its JWKS endpoint (refetched when an unknown key id appears), or a JWKS file when
     * one is configured.
     */
    @Configuration(proxyBeanMethods = false)
    static class Verifier {
        @Bean
        InternalIdentityVerifier internalIdentityVerifier(
                @Value("${aicockpit.security.internal-token.jwks-uri:http://127.0.0.1:8080/internal/jwks.json}")
                String jwksUri,
                @Value("${aicockpit.security.internal-token.jwks-file:}") String jwksFile) {
            return InternalIdentityVerifier.configured(jwksUri, jwksFile);
        }
    }
}
