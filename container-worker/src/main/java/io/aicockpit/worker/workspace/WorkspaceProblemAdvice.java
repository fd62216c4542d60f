package io.aicockpit.worker.workspace;

import io.aicockpit.support.problem.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;

/**
 * The workspace API's one error handler: RFC 9457 problems with a type of the platform's catalogue and the
 * request's {@code requestId}. Bad input is always a 4xx; only unexpected failures are logged, once, here.
 */
@RestControllerAdvice(basePackages = {"io.aicockpit.worker.workspace", "io.aicockpit.worker.files",
        "io.aicockpit.worker.volume"})
class WorkspaceProblemAdvice {
    private static final Logger log = LoggerFactory.getLogger(WorkspaceProblemAdvice.class);

    @ExceptionHandler(WorkspaceProblem.class)
    ResponseEntity<ProblemDetail> refused(WorkspaceProblem problem, HttpServletRequest request,
                                          HttpServletResponse response) {
        ProblemDetail body = detail(problem.type, problem.getMessage(), request, response);
        if (!problem.errors.isEmpty()) {
            body.setProperty("errors", problem.errors.stream()
                    .map(e -> Map.of("field", e.field(), "reason", e.reason())).toList());
        }
        HttpHeaders headers = new HttpHeaders();
        if (problem.retryAfterSeconds != null) {
            headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(problem.retryAfterSeconds));
        }
        problem.headers.forEach(headers::set);
        return ResponseEntity.status(problem.type.status()).headers(headers).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(body);
    }

    /** A streaming client (file changes) went away: nothing to answer and nothing the node did wrong. */
    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void clientGone() {
        log.atDebug().log("a streaming client went away");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception exception, HttpServletRequest request,
                                             HttpServletResponse response) {
        log.atError().setCause(exception).log("workspace API request failed unexpectedly");
        ProblemDetail body = detail(ProblemType.INTERNAL,
                "The request failed on the node; quote the requestId when reporting it.", request, response);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(body);
    }

    private static ProblemDetail detail(ProblemType type, String detail, HttpServletRequest request,
                                        HttpServletResponse response) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(type.status()), detail);
        body.setType(type.uri());
        body.setTitle(type.title());
        body.setProperty("requestId", WorkspaceRequestIds.of(request, response));
        return body;
    }
}
