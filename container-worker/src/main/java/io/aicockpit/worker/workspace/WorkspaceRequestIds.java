package io.aicockpit.worker.workspace;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every workspace API request an id: the caller's {@code X-Request-Id} when it is a sane token, else the
 * identity token's id once it is verified ({@link #adopt}), else a new UUID. The id goes into the MDC, the
 * response header and every problem body; the MDC is cleared when the request ends.
 */
@Component
class WorkspaceRequestIds extends OncePerRequestFilter {
    static final String HEADER = "X-Request-Id";
    private static final String ATTRIBUTE = WorkspaceRequestIds.class.getName() + ".requestId";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HEADER);
        if (header != null && SANE.matcher(header).matches()) {
            set(request, response, header);
        }
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove("requestId");
            MDC.remove("tenantId");
            MDC.remove("workspaceId");
        }
    }

    /** Takes the identity token's id when the caller sent no usable {@code X-Request-Id}. */
    static String adopt(HttpServletRequest request, HttpServletResponse response, String fromToken) {
        if (request.getAttribute(ATTRIBUTE) instanceof String known) {
            return known;
        }
        return set(request, response, fromToken != null && SANE.matcher(fromToken).matches() ? fromToken
                : UUID.randomUUID().toString());
    }

    /** The request's id, made up now when neither the header nor a token gave one. */
    static String of(HttpServletRequest request, HttpServletResponse response) {
        return adopt(request, response, null);
    }

    private static String set(HttpServletRequest request, HttpServletResponse response, String requestId) {
        request.setAttribute(ATTRIBUTE, requestId);
        if (response != null && !response.isCommitted()) {
            response.setHeader(HEADER, requestId);
        }
        MDC.put("requestId", requestId);
        return requestId;
    }
}
