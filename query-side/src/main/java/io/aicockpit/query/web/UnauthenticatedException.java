package io.aicockpit.query.web;

import io.aicockpit.support.problem.ProblemType;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The request lacks the identity the gateway must have asserted; answers 401. */
class UnauthenticatedException extends ErrorResponseException {

    UnauthenticatedException(String detail) {
        super(HttpStatus.UNAUTHORIZED, problem(detail), null);
    }

    private static ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, detail);
        problem.setType(ProblemType.UNAUTHENTICATED.uri());
        problem.setTitle(ProblemType.UNAUTHENTICATED.title());
        return problem;
    }
}
