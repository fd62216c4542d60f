package io.aicockpit.query.web;

import io.aicockpit.coreapi.common.TenantId;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.MethodParameter;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Reads the caller from {@code X-AiCockpit-Tenant} and {@code X-AiCockpit-User}. As an interceptor on the API it
 * refuses a request without them before any parameter is bound, so an anonymous caller learns nothing, not even
 * whether its input was well-formed; as an argument resolver it hands the caller to controllers.
 */
@Component
class TrustedCallerResolver implements HandlerInterceptor, HandlerMethodArgumentResolver {
    static final String TENANT_HEADER = "X-AiCockpit-Tenant";
    static final String USER_HEADER = "X-AiCockpit-User";
    private static final String ATTRIBUTE = TrustedCaller.class.getName();
    private static final int MAX_SUBJECT_LENGTH = 255;

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

    private static TrustedCaller callerOf(HttpServletRequest request) {
        String tenant = request.getHeader(TENANT_HEADER);
        String subject = request.getHeader(USER_HEADER);
        if (!TenantId.isValid(tenant)) {
            throw new UnauthenticatedException(TENANT_HEADER + " is missing or not a tenant id");
        }
        if (subject == null || subject.isBlank() || subject.length() > MAX_SUBJECT_LENGTH) {
            throw new UnauthenticatedException(USER_HEADER + " is missing or malformed");
        }
        return new TrustedCaller(TenantId.of(tenant), subject);
    }
}
