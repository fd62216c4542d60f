package io.aicockpit.gateway.web;

import io.micrometer.context.ContextRegistry;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives every request one id before anything else runs (audit at -150 and security at -100 already see it):
 * a caller's well-formed {@code X-Request-Id} is kept so traces can span systems, anything else is replaced so
 * log injection through the header is impossible. The id travels in the exchange attributes, the response
 * header, the Reactor context and (through context propagation) the logging MDC.
 */
@Component
@Order(-200)
public class RequestIdFilter implements WebFilter {
    public static final String ATTRIBUTE = "io.aicockpit.gateway.requestId";
    public static final String HEADER = "X-Request-Id";
    /** Key in the Reactor context and the MDC. */
    public static final String MDC_KEY = "requestId";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    static {
        ContextRegistry.getInstance().registerThreadLocalAccessor(MDC_KEY,
                () -> MDC.get(MDC_KEY), value -> MDC.put(MDC_KEY, value), () -> MDC.remove(MDC_KEY));
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String incoming = exchange.getRequest().getHeaders().getFirst(HEADER);
        String id = incoming != null && SANE.matcher(incoming).matches() ? incoming : UUID.randomUUID().toString();
        exchange.getAttributes().put(ATTRIBUTE, id);
        exchange.getResponse().getHeaders().set(HEADER, id);
        return chain.filter(exchange).contextWrite(context -> context.put(MDC_KEY, id));
    }

    /** The id of this exchange; never null once this filter ran. */
    public static String requestId(ServerWebExchange exchange) {
        return exchange.getAttribute(ATTRIBUTE);
    }
}
