package io.aicockpit.query.web;

import io.aicockpit.support.problem.ProblemType;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Input the API cannot use; answers 400 with an invalid-request problem naming the field. */
public class InvalidRequestException extends ErrorResponseException {

    public InvalidRequestException(String field, String reason) {
        super(HttpStatus.BAD_REQUEST, problem(field, reason), null);
    }

    static ProblemDetail problem(String field, String reason) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, field + " " + reason);
        problem.setType(ProblemType.INVALID_REQUEST.uri());
        problem.setTitle(ProblemType.INVALID_REQUEST.title());
        problem.setProperty("errors", List.of(new InvalidField(field, reason)));
        return problem;
    }
}
