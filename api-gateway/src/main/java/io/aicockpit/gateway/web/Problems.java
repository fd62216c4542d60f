package io.aicockpit.gateway.web;

import io.aicockpit.support.problem.ProblemType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Writes RFC 9457 problems in the one shape the platform documents: {@code type} and {@code title} come from the
 * catalogue ({@link ProblemType}), and every problem names the request id so a caller's report can be found
 * in the logs. Used by the error handler, the security entry points and the rate limits, which answer before any
 * handler runs. On the OpenAI-compatible {@code /v1} API the same failure is an OpenAI error object instead
 * ({@link OpenAiErrorBody}), since that is what OpenAI clients read.
 */
public final class Problems {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Problems() {
    }

    /** One rejected field of a request body. */
    public record FieldError(String field, String reason) {}

    public static Mono<Void> write(ServerWebExchange exchange, ProblemType type, String detail) {
        return write(exchange, type, HttpStatus.valueOf(type.status()), detail, List.of());
    }

    /** A catalogue type with the status the framework chose (a generic type for an unusual 4xx or 5xx). */
    public static Mono<Void> write(ServerWebExchange exchange, ProblemType type, HttpStatus status, String detail,
                                   List<FieldError> errors) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(status);
        byte[] bytes;
        if (OpenAiErrorBody.appliesTo(exchange)) {
            response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
            bytes = json(OpenAiErrorBody.of(status, type, detail, requestId(exchange)));
        } else {
            response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            bytes = json(of(exchange, type, status, detail, errors));
        }
        DataBuffer buffer = response.bufferFactory().wrap(bytes);
        return response.writeWith(Mono.just(buffer));
    }

    /** The problem as a map, for handlers that answer through a ResponseEntity. */
    public static Map<String, Object> of(ServerWebExchange exchange, ProblemType type, HttpStatus status,
                                         String detail, List<FieldError> errors) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", type.uri().toString());
        problem.put("title", type.title());
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", exchange.getRequest().getPath().value());
        problem.put("requestId", requestId(exchange));
        if (!errors.isEmpty()) {
            problem.put("errors", errors);
        }
        return problem;
    }

    /** The request id filter's id; the framework's own id where that filter does not run (slices in tests). */
    private static String requestId(ServerWebExchange exchange) {
        String id = RequestIdFilter.requestId(exchange);
        return id != null ? id : exchange.getRequest().getId();
    }

    private static byte[] json(Map<String, Object> body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("problem body is plain data and always serialisable", e);
        }
    }
}
