package io.aicockpit.query.workspace;

import java.net.URI;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No workspace with this id for the caller's tenant; another tenant's workspace gets exactly this answer. */
class WorkspaceNotFoundException extends ErrorResponseException {
    static final URI TYPE = URI.create("urn:aicockpit:problem:workspace-not-found");

    WorkspaceNotFoundException(UUID workspaceId) {
        super(HttpStatus.NOT_FOUND, problem(workspaceId), null);
    }

    private static ProblemDetail problem(UUID workspaceId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "Workspace " + workspaceId + " does not exist.");
        problem.setType(TYPE);
        problem.setTitle("Workspace not found");
        return problem;
    }
}
