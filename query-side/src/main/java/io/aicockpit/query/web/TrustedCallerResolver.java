package io.aicockpit.query.web;

import io.aicockpit.coreapi.identity.InternalIdentity;
import io.aicockpit.support.identity.InternalIdentityVerifier;
import io.aicockpit.support.identity.InvalidIdentityToken;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.core.MethodParameter;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Verifies the gateway's {@value InternalIdentity#HEADER} token. As an interceptor on the API it refuses a request
 * without a valid one before any parameter is bound, so a caller that bypassed the gateway learns nothing, not
 * even whether its input was well-formed; as an argument resolver it hands the caller to controllers.
 */
@Component
class TrustedCallerResolver implements HandlerInterceptor, HandlerMethodArgumentResolver {
    private static final String ATTRIBUTE = TrustedCaller.class.getName();

    private final InternalIdentityVerifier verifier;

    TrustedCallerResolver(InternalIdentityVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        request.setAttribute(ATTRIBUTE, callerOf(request));
        return true;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == TrustedCaller.class;
    }

    @Override
    public TrustedCaller resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                                         NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        return request.getAttribute(ATTRIBUTE) instanceof TrustedCaller caller ? caller : callerOf(request);
    }

    private TrustedCaller callerOf(HttpServletRequest request) {
        InternalIdentity identity;
        try {
            identity = verifier.verify(request.getHeader(InternalIdentity.HEADER));
        } catch (InvalidIdentityToken e) {
            throw new UnauthenticatedException(e.getMessage());
        }
        if (identity.tenantId() == null) {
            throw new UnauthenticatedException("workspaces are read by members of a tenant; the caller has none");
        }
        MDC.put("tenantId", identity.tenantId().value());
        return new TrustedCaller(identity.tenantId(), identity.subject(), identity.roles());
    }
}
