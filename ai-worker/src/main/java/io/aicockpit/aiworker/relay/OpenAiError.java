package io.aicockpit.aiworker.relay;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * An error as OpenAI's API and SDKs expect it: {@code {"error":{"message","type","param","code"}}} with a matching
 * status. Thrown inside the relay and turned into the response at the edge; carries no stack trace because it is
 * an answer, not a bug.
 */
final class OpenAiError extends RuntimeException {
    final int status;
    final String type;
    final String code;
    final String param;
    /** {@code Retry-After} for the client (an upstream's rate limit), or null. */
    final String retryAfter;

    OpenAiError(int status, String type, String code, String message) {
        this(status, type, code, null, message);
    }

    OpenAiError(int status, String type, String code, String param, String message) {
        this(status, type, code, param, message, null);
    }

    OpenAiError(int status, String type, String code, String param, String message, String retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
        this.retryAfter = retryAfter;
    }

    static OpenAiError invalidRequest(String code, String param, String message) {
        return new OpenAiError(400, "invalid_request_error", code, param, message);
    }

    ObjectNode body() {
        ObjectNode error = JsonNodeFactory.instance.objectNode();
        error.putObject("error")
                .put("message", getMessage())
                .put("type", type)
                .put("param", param)
                .put("code", code);
        return error;
    }

    Mono<ServerResponse> response() {
        return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON)
                .headers(headers -> {
                    if (retryAfter != null) {
                        headers.set(HttpHeaders.RETRY_AFTER, retryAfter);
                    }
                })
                .bodyValue(body().toString());
    }
}
