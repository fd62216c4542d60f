package io.aicockpit.command.web;

import io.aicockpit.coreapi.common.RequestedLimits;
import io.aicockpit.coreapi.common.ResourceLimits;
import io.aicockpit.coreapi.workspace.ActionId;
import io.aicockpit.coreapi.workspace.CreateWorkspace;
import io.aicockpit.coreapi.workspace.DeleteWorkspace;
import io.aicockpit.coreapi.workspace.RenameWorkspace;
import io.aicockpit.coreapi.workspace.StartWorkspace;
import io.aicockpit.coreapi.workspace.StopWorkspace;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import io.aicockpit.coreapi.workspace.WorkspaceStatus;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.net.URI;
import java.util.UUID;
import io.aicockpit.command.workspace.Workspace;
import java.util.Map;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Workspace commands. Accepted actions answer 202 with the action id; the outcome arrives as events and is read
 * from query-side ({@code GET /api/v1/workspaces/{id}}).
 */
@RestController
@RequestMapping("/api/v1/workspaces")
class WorkspaceCommandController {
    private final CommandGateway commands;

    WorkspaceCommandController(CommandGateway commands) {
        this.commands = commands;
    }

    record LimitsRequest(@Min(6) @Max(1_048_576) Long memoryMiB, @Min(0) @Max(1_048_576) Long swapMiB,
                         @DecimalMin("0.01") @DecimalMax("1024") BigDecimal cpus, @Min(1) @Max(1_000_000) Long pids) {}

    record CreateWorkspaceRequest(@NotBlank @Size(max = 64) String name, @NotBlank @Size(max = 64) String stackId,
                                  @Valid LimitsRequest limits) {}

    record RenameWorkspaceRequest(@NotBlank @Size(max = 64) String name) {}

    record WorkspaceAccepted(UUID workspaceId, UUID actionId, WorkspaceStatus status) {}

    @PostMapping
    ResponseEntity<WorkspaceAccepted> create(CallerIdentity caller, @Valid @RequestBody CreateWorkspaceRequest body) {
        WorkspaceId id = WorkspaceId.random();
        commands.sendAndWait(new CreateWorkspace(id, caller.requireTenant(), body.name(), body.stackId(),
                limits(body.limits()), caller.actor()));
        return ResponseEntity.created(URI.create("/api/v1/workspaces/" + id))
                .body(new WorkspaceAccepted(id.value(), null, WorkspaceStatus.STOPPED));
    }

    @PostMapping("/{workspaceId}/start")
    ResponseEntity<WorkspaceAccepted> start(CallerIdentity caller, @PathVariable UUID workspaceId) {
        ActionId action = ActionId.random();
        send(caller, new StartWorkspace(new WorkspaceId(workspaceId), caller.requireTenant(), action, caller.actor()));
        return accepted(workspaceId, action, WorkspaceStatus.PROVISIONING);
    }

    @PostMapping("/{workspaceId}/stop")
    ResponseEntity<WorkspaceAccepted> stop(CallerIdentity caller, @PathVariable UUID workspaceId) {
        ActionId action = ActionId.random();
        send(caller, new StopWorkspace(new WorkspaceId(workspaceId), caller.requireTenant(), action, caller.actor()));
        return accepted(workspaceId, action, WorkspaceStatus.STOPPING);
    }

    @DeleteMapping("/{workspaceId}")
    ResponseEntity<WorkspaceAccepted> delete(CallerIdentity caller, @PathVariable UUID workspaceId) {
        ActionId action = ActionId.random();
        send(caller, new DeleteWorkspace(new WorkspaceId(workspaceId), caller.requireTenant(), action, caller.actor()));
        return accepted(workspaceId, action, WorkspaceStatus.DELETING);
    }

    @PatchMapping("/{workspaceId}")
    ResponseEntity<Void> rename(CallerIdentity caller, @PathVariable UUID workspaceId,
                                @Valid @RequestBody RenameWorkspaceRequest body) {
        send(caller, new RenameWorkspace(new WorkspaceId(workspaceId), caller.requireTenant(), body.name(),
                caller.actor()));
        return ResponseEntity.noContent().build();
    }

    /** Sends the command with the caller's roles as metadata: the workspace decides whose workspaces they reach. */
    private void send(CallerIdentity caller, Object command) {
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                .andMetaData(Map.of(Workspace.CALLER_ROLES, String.join(",", caller.roles()))));
    }

    private static ResponseEntity<WorkspaceAccepted> accepted(UUID workspaceId, ActionId action,
                                                              WorkspaceStatus status) {
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(new WorkspaceAccepted(workspaceId, action.value(), status));
    }

    /** Request units (MiB, CPUs) to the platform's (bytes, nano-CPUs); null dimensions stay null. */
    private static RequestedLimits limits(LimitsRequest r) {
        if (r == null) {
            return RequestedLimits.DEFAULTS;
        }
        return new RequestedLimits(
                r.memoryMiB() == null ? null : r.memoryMiB() * ResourceLimits.MIB,
                r.swapMiB() == null ? null : r.swapMiB() * ResourceLimits.MIB,
                r.cpus() == null ? null : r.cpus().movePointRight(9).longValue(),
                r.pids());
    }
}
