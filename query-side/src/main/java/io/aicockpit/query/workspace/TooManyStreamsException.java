package io.aicockpit.query.workspace;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The caller already holds as many status streams as allowed; answers 429. */
class TooManyStreamsException extends ErrorResponseException {
    static final URI TYPE = URI.create("urn:aicockpit:problem:too-many-streams");

    TooManyStreamsException(int limit) {
        super(HttpStatus.TOO_MANY_REQUESTS, problem(limit), null);
    }

    private static ProblemDetail problem(int limit) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
                "You already have " + limit + " open status streams; close one first.");
        problem.setType(TYPE);
        problem.setTitle("Too many streams");
        return problem;
    }
}
