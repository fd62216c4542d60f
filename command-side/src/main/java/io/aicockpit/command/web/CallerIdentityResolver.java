package io.aicockpit.command.web;

import io.aicockpit.coreapi.identity.InternalIdentity;
import io.aicockpit.support.identity.InternalIdentityVerifier;
import org.slf4j.MDC;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Resolves {@link CallerIdentity} controller parameters by verifying the gateway's token. A request without a valid
 * token never reaches a controller method: it did not come through the gateway.
 */
class CallerIdentityResolver implements HandlerMethodArgumentResolver {
    private final InternalIdentityVerifier verifier;

    CallerIdentityResolver(InternalIdentityVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == CallerIdentity.class;
    }

    @Override
    public CallerIdentity resolveArgument(MethodParameter parameter, ModelAndViewContainer mav,
                                          NativeWebRequest request, WebDataBinderFactory binders) {
        InternalIdentity identity = verifier.verify(request.getHeader(InternalIdentity.HEADER));
        if (identity.tenantId() != null) {
            MDC.put("tenantId", identity.tenantId().value());
        }
        return CallerIdentity.of(identity);
    }
}
