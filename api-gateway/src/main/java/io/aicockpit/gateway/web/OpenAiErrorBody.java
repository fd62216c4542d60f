package io.aicockpit.gateway.web;

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

    static Map<String, Object> of(HttpStatus status, String kind, String detail, String requestId) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", detail);
        error.put("type", type(status, kind));
        error.put("param", null);
        error.put("code", code(kind));
        // not part of OpenAI's object, which clients ignore; it finds the request in the logs
        error.put("request_id", requestId);
        return Map.of("error", error);
    }

    /**
     * OpenAI's error types for the same status. Both refusals of the rate limiter keep the type the token budget
     * answered before this class existed ({@code rate_limit_exceeded}), so clients that match on it keep working.
     */
    static String type(HttpStatus status, String kind) {
        return switch (kind) {
            case "rate-limited", "ai-token-budget-exhausted" -> "rate_limit_exceeded";
            default -> status == HttpStatus.FORBIDDEN ? "permission_error"
                    : status.is5xxServerError() ? "server_error" : "invalid_request_error";
        };
    }

    static String code(String kind) {
        return switch (kind) {
            case "invalid-token", "unauthorized" -> "invalid_api_key";
            case "rate-limited", "ai-token-budget-exhausted" -> "rate_limit_exceeded";
            case "payload-too-large" -> "request_too_large";
            case "not-found" -> "unknown_url";
            default -> kind.replace('-', '_');
        };
    }
}
