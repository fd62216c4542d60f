package io.aicockpit.gateway.web;

import io.aicockpit.support.problem.ProblemType;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.reactive.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.PrematureCloseException;

/**
 * Turns every exception that escapes the gateway into a problem, ahead of Spring Boot's default handler
 * (order -1), so no stack trace or framework message reaches a caller. A downstream that cannot be reached is
 * the caller's 502 {@code upstream-unavailable}, not the gateway's 500.
 */
@Component
@Order(-2)
class GatewayErrorHandler implements ErrorWebExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(GatewayErrorHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        if (isUnreachable(error)) {
            log.atWarn().addKeyValue("path", exchange.getRequest().getPath().value())
                    .addKeyValue(RequestIdFilter.MDC_KEY, RequestIdFilter.requestId(exchange))
                    .addKeyValue("reason", error.getClass().getSimpleName()).log("upstream unavailable");
            return Problems.write(exchange, ProblemType.UPSTREAM_UNAVAILABLE,
                    "The service behind the gateway cannot be reached.");
        }
        if (error instanceof ResponseStatusException status) {
            HttpStatus resolved = HttpStatus.resolve(status.getStatusCode().value());
            HttpStatus code = resolved == null ? HttpStatus.INTERNAL_SERVER_ERROR : resolved;
            status.getHeaders().forEach((name, values) -> exchange.getResponse().getHeaders().put(name, values));
            return Problems.write(exchange, ProblemType.forStatus(code.value()), code, detail(code, status), List.of());
        }
        log.atError().setCause(error).addKeyValue("path", exchange.getRequest().getPath().value())
                .addKeyValue(RequestIdFilter.MDC_KEY, RequestIdFilter.requestId(exchange)).log("unexpected gateway error");
        return Problems.write(exchange, ProblemType.INTERNAL,
                "The gateway failed to handle the request.");
    }

    private static boolean isUnreachable(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof PrematureCloseException || cause instanceof ClosedChannelException) {
                return true;
            }
        }
        return false;
    }

    /** Fixed texts for the common cases: framework reasons can echo request details we do not want reflected. */
    private static String detail(HttpStatus status, ResponseStatusException error) {
        return switch (status) {
            case NOT_FOUND -> "No route or resource matches this path.";
            case METHOD_NOT_ALLOWED -> "This method is not supported on this path.";
            case GATEWAY_TIMEOUT -> "The service behind the gateway did not answer in time.";
            case BAD_GATEWAY -> "The service behind the gateway cannot be reached.";
            case BAD_REQUEST -> "The request could not be read.";
            default -> status.is5xxServerError() ? "The gateway failed to handle the request."
                    : error.getReason() == null ? status.getReasonPhrase() : error.getReason();
        };
    }
}
