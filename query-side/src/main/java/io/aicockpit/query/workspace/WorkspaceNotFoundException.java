package io.aicockpit.query.workspace;

import io.aicockpit.support.problem.ProblemType;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No workspace with this id for the caller's tenant; another tenant's workspace gets exactly this answer. */
class WorkspaceNotFoundException extends ErrorResponseException {
    static final URI TYPE = ProblemType.WORKSPACE_NOT_FOUND.uri();

    WorkspaceNotFoundException(UUID workspaceId) {
        super(HttpStatus.NOT_FOUND, problem(workspaceId), null);
    }

    private static ProblemDetail problem(UUID workspaceId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "Workspace " + workspaceId + " does not exist.");
        problem.setType(TYPE);
        problem.setTitle(ProblemType.WORKSPACE_NOT_FOUND.title());
        return problem;
    }
}
