package io.aicockpit.command.web;

import io.aicockpit.support.identity.InvalidIdentityToken;
import io.aicockpit.support.net.OutboundUrlGuard;
import io.aicockpit.support.problem.CataloguedProblem;
import io.aicockpit.support.problem.ProblemType;
import io.aicockpit.support.web.RequestIdFilter;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place errors become RFC 9457 problems. Every problem has a stable {@code type} from the catalogue
 * ({@link ProblemType}) and the request id; bad input is a 4xx, never a 500.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(InvalidIdentityToken.class)
    ProblemDetail unauthenticated(InvalidIdentityToken e) {
        return problem(ProblemType.UNAUTHENTICATED, e.getMessage());
    }

    @ExceptionHandler(CallerIdentity.Forbidden.class)
    ProblemDetail forbidden(CallerIdentity.Forbidden e) {
        return problem(ProblemType.FORBIDDEN, e.getMessage());
    }

    @ExceptionHandler(TenantCommandController.TenantNotFound.class)
    ProblemDetail tenantNotFound(TenantCommandController.TenantNotFound e) {
        return problem(ProblemType.TENANT_NOT_FOUND, e.getMessage());
    }

    /** The guard's message names the broken rule, never the resolved addresses. */
    @ExceptionHandler(OutboundUrlGuard.RefusedUrl.class)
    ProblemDetail refusedUrl(OutboundUrlGuard.RefusedUrl e) {
        ProblemDetail p = problem(ProblemType.OUTBOUND_URL_REFUSED, e.getMessage());
        p.setProperty("errors", List.of(Map.of("field", "baseUrl", "reason", e.getMessage())));
        return p;
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ProblemDetail aggregateNotFound(AggregateNotFoundException e) {
        return problem(ProblemType.NOT_FOUND, "the resource was not found");
    }

    @ExceptionHandler(AggregateStreamCreationException.class)
    ProblemDetail alreadyExists(AggregateStreamCreationException e) {
        return problem(ProblemType.ALREADY_EXISTS, "a resource with this id already exists");
    }

    @ExceptionHandler(ConcurrencyException.class)
    ProblemDetail concurrent(ConcurrencyException e) {
        return problem(ProblemType.CONCURRENT_MODIFICATION,
                "the resource was changed concurrently; retry the request");
    }

    @ExceptionHandler(CommandExecutionException.class)
    ProblemDetail commandFailed(CommandExecutionException e) {
        log.error("command failed", e);
        return problem(ProblemType.INTERNAL, "the command could not be executed");
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail p = problem(ProblemType.INVALID_REQUEST, "the request body is invalid");
        List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
                .map(f -> Map.of("field", f.getField(), "reason", String.valueOf(f.getDefaultMessage())))
                .toList();
        p.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(p);
    }

    /** Framework-detected client errors (bad JSON, unknown fields, bad path ids, wrong method) keep their 4xx. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        ProblemDetail p = problem(ProblemType.forStatus(status.value()), status,
                status.is4xxClientError() ? clientMessage(e) : "unexpected error");
        return ResponseEntity.status(status).headers(headers).body(p);
    }

    /** A feature's own failure: answered as its catalogue type says, with its extra members. */
    @ExceptionHandler(Exception.class)
    ProblemDetail other(Exception e) {
        if (e instanceof CataloguedProblem known) {
            ProblemDetail p = problem(known.problemType(), e.getMessage());
            known.problemProperties().forEach(p::setProperty);
            return p;
        }
        log.error("unexpected error", e);
        return problem(ProblemType.INTERNAL, "unexpected error");
    }

    private static String clientMessage(Exception e) {
        if (e instanceof org.springframework.http.converter.HttpMessageNotReadableException nr
                && nr.getCause() instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u) {
            return "unknown field '" + u.getPropertyName() + "'";
        }
        if (e instanceof org.springframework.http.converter.HttpMessageNotReadableException) {
            return "the request body is not valid JSON of the expected shape";
        }
        if (e instanceof org.springframework.web.method.annotation.MethodArgumentTypeMismatchException mm) {
            return "'" + mm.getName() + "' has an invalid value";
        }
        return e.getMessage();
    }

    static ProblemDetail problem(ProblemType type, String detail) {
        return problem(type, HttpStatusCode.valueOf(type.status()), detail);
    }

    /** A catalogue type answered with the status the framework chose (a 4xx it detected). */
    static ProblemDetail problem(ProblemType type, HttpStatusCode status, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(type.uri());
        p.setTitle(type.title());
        p.setProperty("requestId", MDC.get(RequestIdFilter.MDC_KEY));
        return p;
    }
}
