package io.aicockpit.command.web;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Resolves {@link CallerIdentity} controller parameters from the trusted identity headers. */
class CallerIdentityResolver implements HandlerMethodArgumentResolver {
    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == CallerIdentity.class;
    }

    @Override
    public CallerIdentity resolveArgument(MethodParameter parameter, ModelAndViewContainer mav,
                                          NativeWebRequest request, WebDataBinderFactory binders) {
        return CallerIdentity.from(request.getHeader(CallerIdentity.TENANT_HEADER),
                request.getHeader(CallerIdentity.USER_HEADER), request.getHeader(CallerIdentity.USER_NAME_HEADER),
                request.getHeader(CallerIdentity.ROLES_HEADER));
    }
}
