package io.aicockpit.worker.volume;

import io.aicockpit.coreapi.identity.InternalIdentity;
import io.aicockpit.support.problem.ProblemType;
import io.aicockpit.worker.docker.WorkspaceContainerNames;
import io.aicockpit.worker.workspace.WorkspaceGate;
import io.aicockpit.worker.workspace.WorkspaceProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/workspaces/{workspaceId}/disk}: the quota and disk use of the workspace's {@code /workspace},
 * measured on the node that holds it when asked (running or stopped), so it is never stale.
 */
@RestController
class WorkspaceDiskController {
    private static final Logger log = LoggerFactory.getLogger(WorkspaceDiskController.class);

    private final WorkspaceGate gate;
    private final WorkspaceVolumes volumes;

    WorkspaceDiskController(WorkspaceGate gate, WorkspaceVolumes volumes) {
        this.gate = gate;
        this.volumes = volumes;
    }

    /** The answer: the workspace and its volume's use. */
    record WorkspaceDisk(String workspaceId, String mode, Long limitBytes, Long usedBytes, Long availableBytes,
                         boolean mounted) {}

    @GetMapping(path = "/api/v1/workspaces/{workspaceId}/disk", produces = MediaType.APPLICATION_JSON_VALUE)
    WorkspaceDisk disk(@PathVariable String workspaceId, HttpServletRequest request, HttpServletResponse response) {
        InternalIdentity caller = gate.caller(request, response);
        WorkspaceGate.WorkspaceTarget target = gate.open(request, response, caller, workspaceId);
        String name = WorkspaceContainerNames.resourceName(target.workspaceId());
        WorkspaceDiskUsage usage;
        try {
            usage = volumes.usage(name).orElseThrow(() -> new WorkspaceProblem(ProblemType.WORKSPACE_HAS_NO_VOLUME,
                    "Workspace " + target.workspaceId() + " has no volume on this node."));
        } catch (WorkspaceVolumeException e) {
            log.atWarn().addKeyValue("error", e.getMessage()).log("workspace disk use could not be measured");
            throw new WorkspaceProblem(ProblemType.DISK_USAGE_UNAVAILABLE,
                    "The workspace's disk use could not be measured on this node; try again.");
        }
        return new WorkspaceDisk(target.workspaceId().toString(), usage.mode(), usage.limitBytes(), usage.usedBytes(),
                usage.availableBytes(), usage.mounted());
    }
}
