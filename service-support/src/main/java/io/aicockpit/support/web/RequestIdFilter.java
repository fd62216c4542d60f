package io.aicockpit.support.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request of a servlet service an id: the caller's {@code X-Request-Id} when it is a sane token, a new
 * UUID otherwise. The id goes into the MDC (so every log line carries it), back in the response header, and into
 * every problem body ({@link #requestIdOf}). The caller's tenant joins the MDC once its token is verified; both
 * leave the MDC when the request ends.
 */
public class RequestIdFilter extends OncePerRequestFilter {
    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    public static final String TENANT_MDC_KEY = "tenantId";
    private static final String ATTRIBUTE = RequestIdFilter.class.getName() + ".requestId";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = saneOrNew(request.getHeader(HEADER));
        request.setAttribute(ATTRIBUTE, requestId);
        response.setHeader(HEADER, requestId);
        MDC.put(MDC_KEY, requestId);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MDC_KEY);
            MDC.remove(TENANT_MDC_KEY);
        }
    }

    /** The id of {@code request}: the one this filter gave it, else the MDC's, else a new one. */
    public static String requestIdOf(WebRequest request) {
        return request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST) instanceof String requestId
                ? requestId
                : saneOrNew(MDC.get(MDC_KEY));
    }

    /** {@code candidate} when it is a sane request id (letters, digits, {@code ._-}, at most 100), else a new one. */
    public static String saneOrNew(String candidate) {
        return candidate != null && SANE.matcher(candidate).matches() ? candidate : UUID.randomUUID().toString();
    }
}
