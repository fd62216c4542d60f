package io.aicockpit.command.web;

import io.aicockpit.coreapi.identity.InternalIdentityVerifier;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration
class WebConfig implements WebMvcConfigurer {
    private final InternalIdentityVerifier verifier;

    WebConfig(InternalIdentityVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerIdentityResolver(verifier));
    }

    /**
     * The gateway's public keys: its JWKS endpoint (refetched when an unknown key id appears), or a JWKS file when
     * one is configured.
     */
    @Configuration
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
