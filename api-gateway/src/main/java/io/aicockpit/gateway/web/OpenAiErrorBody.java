package io.aicockpit.gateway.web;

import io.aicockpit.support.problem.ProblemType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;

/**
 * The gateway's errors on the OpenAI-compatible {@code /v1} API, in the shape OpenAI's SDKs read:
 * {@code {"error":{"message","type","param","code"}}}. A problem+json body there makes the SDKs report an error
 * without a message, so the same failure that is a problem elsewhere becomes an OpenAI error object here; the
 * status and headers ({@code WWW-Authenticate}, {@code Retry-After}) stay the same.
 */
final class OpenAiErrorBody {
    private OpenAiErrorBody() {
    }

    static boolean appliesTo(ServerWebExchange exchange) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        return path.equals("/v1") || path.startsWith("/v1/");
    }

    static Map<String, Object> of(HttpStatus status, ProblemType type, String detail, String requestId) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", detail);
        error.put("type", type(status, type));
        error.put("param", null);
        error.put("code", code(type));
        // not part of OpenAI's object, which clients ignore; it finds the request in the logs
        error.put("request_id", requestId);
        return Map.of("error", error);
    }

    /**
     * OpenAI's error types for the same status. Both refusals of the rate limiter keep the type the token budget
     * answered before this class existed ({@code rate_limit_exceeded}), so clients that match on it keep working.
     */
    static String type(HttpStatus status, ProblemType type) {
        return switch (type) {
            case RATE_LIMITED, AI_TOKEN_BUDGET_EXHAUSTED -> "rate_limit_exceeded";
            default -> status == HttpStatus.FORBIDDEN ? "permission_error"
                    : status.is5xxServerError() ? "server_error" : "invalid_request_error";
        };
    }

    static String code(ProblemType type) {
        return switch (type) {
            case INVALID_TOKEN, UNAUTHENTICATED -> "invalid_api_key";
            case RATE_LIMITED, AI_TOKEN_BUDGET_EXHAUSTED -> "rate_limit_exceeded";
            case PAYLOAD_TOO_LARGE -> "request_too_large";
            case NOT_FOUND -> "unknown_url";
            default -> type.kind().replace('-', '_');
        };
    }
}
