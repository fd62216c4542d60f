package io.aicockpit.query.web;

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
}
