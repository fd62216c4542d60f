package io.aicockpit.query.web;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The verified caller lacks the role a read needs; answers 403. */
public class ForbiddenException extends ErrorResponseException {
    static final URI TYPE = URI.create("urn:aicockpit:problem:forbidden");

    public ForbiddenException(String detail) {
        super(HttpStatus.FORBIDDEN, problem(detail), null);
    }

    private static ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, detail);
        problem.setType(TYPE);
        problem.setTitle("Forbidden");
        return problem;
    }
}
