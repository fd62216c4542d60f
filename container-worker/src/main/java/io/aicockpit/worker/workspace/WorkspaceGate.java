package io.aicockpit.worker.workspace;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import io.aicockpit.coreapi.identity.InternalIdentity;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import io.aicockpit.support.identity.InternalIdentityVerifier;
import io.aicockpit.support.identity.InvalidIdentityToken;
import io.aicockpit.support.problem.ProblemType;
import io.aicockpit.worker.docker.WorkspaceContainerNames;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Set;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Who may touch a workspace's container through this node, checked in depth: the gateway's identity token
 * (DEVELOPER or ORG_ADMIN of a tenant), query-side's visibility answer, then the container's own labels. Another
 * tenant's or an invisible workspace is a 404, whatever exists on the node.
 */
@Component
public class WorkspaceGate {
    static final Set<String> ALLOWED_ROLES = Set.of("DEVELOPER", "ORG_ADMIN");

    /** A workspace container the caller may use. */
    public record WorkspaceTarget(InternalIdentity caller, WorkspaceId workspaceId, String containerId, boolean running,
                           String requestId) {}

    private final InternalIdentityVerifier verifier;
    private final WorkspaceVisibility visibility;
    private final DockerClient docker;

    WorkspaceGate(InternalIdentityVerifier verifier, WorkspaceVisibility visibility, DockerClient docker) {
        this.verifier = verifier;
        this.visibility = visibility;
        this.docker = docker;
    }

    /** The verified caller; 401 without a valid token, 403 for operators and roles that may not use workspaces. */
    public InternalIdentity caller(HttpServletRequest request, HttpServletResponse response) {
        InternalIdentity caller;
        try {
            caller = verifier.verify(request.getHeader(InternalIdentity.HEADER));
        } catch (InvalidIdentityToken e) {
            throw new WorkspaceProblem(ProblemType.UNAUTHENTICATED, e.getMessage());
        }
        WorkspaceRequestIds.adopt(request, response, caller.requestId());
        if (caller.tenantId() == null) {
            throw new WorkspaceProblem(ProblemType.FORBIDDEN,
                    "Workspace files and commands belong to a tenant's members; the caller has no tenant.");
        }
        MDC.put("tenantId", caller.tenantId().value());
        if (caller.roles().stream().noneMatch(ALLOWED_ROLES::contains)) {
            throw new WorkspaceProblem(ProblemType.FORBIDDEN,
                    "Reading workspace files and running commands needs the DEVELOPER or ORG_ADMIN role.");
        }
        return caller;
    }

    /** The workspace's container on this node, after query-side and the container's labels agreed. */
    public WorkspaceTarget open(HttpServletRequest request, HttpServletResponse response, InternalIdentity caller,
                         String rawWorkspaceId) {
        String requestId = WorkspaceRequestIds.of(request, response);
        WorkspaceId workspaceId;
        try {
            workspaceId = WorkspaceId.of(rawWorkspaceId);
        } catch (IllegalArgumentException e) {
            // a malformed id cannot name a visible workspace
            throw WorkspaceProblem.workspaceNotFound(rawWorkspaceId.length() > 64 ? "(malformed id)" : rawWorkspaceId);
        }
        MDC.put("workspaceId", workspaceId.toString());
        visibility.requireVisible(workspaceId, request.getHeader(InternalIdentity.HEADER), requestId);
        InspectContainerResponse container;
        try {
            container = docker.inspectContainerCmd(WorkspaceContainerNames.resourceName(workspaceId)).exec();
        } catch (NotFoundException e) {
            throw new WorkspaceProblem(ProblemType.WORKSPACE_HAS_NO_CONTAINER,
                    "Workspace " + workspaceId + " has no container on this node; start it first.");
        } catch (RuntimeException e) {
            throw WorkspaceProblem.dockerFailed();
        }
        Map<String, String> labels = container.getConfig() == null ? null : container.getConfig().getLabels();
        boolean owned = labels != null
                && "true".equals(labels.get(WorkspaceContainerNames.LABEL_MANAGED))
                && caller.tenantId().value().equals(labels.get(WorkspaceContainerNames.LABEL_TENANT))
                && workspaceId.toString().equals(labels.get(WorkspaceContainerNames.LABEL_WORKSPACE));
        if (!owned) {
            throw WorkspaceProblem.workspaceNotFound(workspaceId);
        }
        boolean running = container.getState() != null && Boolean.TRUE.equals(container.getState().getRunning());
        return new WorkspaceTarget(caller, workspaceId, container.getId(), running, requestId);
    }
}
