package io.aicockpit.query.web;

import io.aicockpit.support.problem.ProblemType;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The verified caller lacks the role a read needs; answers 403. */
public class ForbiddenException extends ErrorResponseException {
    static final URI TYPE = ProblemType.FORBIDDEN.uri();

    public ForbiddenException(String detail) {
        super(HttpStatus.FORBIDDEN, problem(detail), null);
    }

    private static ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, detail);
        problem.setType(TYPE);
        problem.setTitle(ProblemType.FORBIDDEN.title());
        return problem;
    }
}
