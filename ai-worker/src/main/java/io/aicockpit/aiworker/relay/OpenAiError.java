package io.aicockpit.aiworker.relay;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

    OpenAiError(int status, String type, String code, String message) {
        this(status, type, code, null, message);
    }

    OpenAiError(int status, String type, String code, String param, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
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
        return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON).bodyValue(body().toString());
    }
}
