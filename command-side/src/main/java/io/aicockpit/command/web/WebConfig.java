package io.aicockpit.command.web;

import io.aicockpit.support.identity.InternalIdentityVerifier;
import java.util.List;
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
}
