package io.aicockpit.query.web;

import io.aicockpit.support.problem.ProblemType;
import io.aicockpit.support.web.RequestIdFilter;
import java.net.URI;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The module's one error handler: every failure becomes an RFC 9457 problem with a stable {@code type} and the
 * request's {@code requestId}. Bad input is always a 4xx; only unexpected failures are logged.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
    private static final URI ABOUT_BLANK = URI.create("about:blank");

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception exception, WebRequest request) {
        log.atError().setCause(exception).log("request failed unexpectedly");
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The request failed on the server; quote the requestId when reporting it.");
        problem.setType(ProblemType.INTERNAL.uri());
        problem.setTitle(ProblemType.INTERNAL.title());
        return createResponseEntity(problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException exception, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String field = exception.getPropertyName() == null ? "request" : exception.getPropertyName();
        ProblemDetail problem = InvalidRequestException.problem(field, reasonFor(exception.getRequiredType()));
        return handleExceptionInternal(exception, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
                                                          HttpStatusCode status, WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            if (ABOUT_BLANK.equals(problem.getType())) {
                ProblemType type = ProblemType.forStatus(status.value());
                problem.setType(type.uri());
                problem.setTitle(type.title());
            }
            problem.setProperty("requestId", RequestIdFilter.requestIdOf(request));
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    private static String reasonFor(@Nullable Class<?> requiredType) {
        if (requiredType == null) {
            return "has an invalid value";
        }
        if (requiredType.isEnum()) {
            return "must be one of " + Arrays.stream(requiredType.getEnumConstants())
                    .map(String::valueOf)
                    .collect(Collectors.joining(", "));
        }
        if (requiredType == UUID.class) {
            return "must be a UUID";
        }
        if (requiredType == int.class || requiredType == Integer.class
                || requiredType == long.class || requiredType == Long.class) {
            return "must be an integer";
        }
        return "has an invalid value";
    }
}
