package io.aicockpit.command.integration;

import io.aicockpit.command.web.CallerIdentity;
import io.aicockpit.coreapi.common.TenantId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Org admins ask for their tenant's public workspace-events topic to be backfilled from the event store and follow
 * its progress. The gateway audits the request.
 */
@RestController
@RequestMapping("/api/v1/integrations/replays")
class IntegrationReplayController {
    private final WorkspaceEventBackfill backfill;

    IntegrationReplayController(WorkspaceEventBackfill backfill) {
        this.backfill = backfill;
    }

    /** Only the workspace-events topic can be backfilled: usage and audit records are not in the event store. */
    record ReplayRequest(@NotBlank @Pattern(regexp = "^workspace-events$", message = "must be workspace-events")
                         String topic) {}

    record ReplayList(List<WorkspaceEventBackfill.Replay> items, String nextCursor) {}

    @PostMapping
    ResponseEntity<WorkspaceEventBackfill.Replay> start(CallerIdentity caller, @Valid @RequestBody ReplayRequest body) {
        WorkspaceEventBackfill.Replay replay = backfill.start(requireOrgAdmin(caller), caller.actor());
        return ResponseEntity.accepted().location(URI.create("/api/v1/integrations/replays/" + replay.id()))
                .body(replay);
    }

    @GetMapping
    ReplayList list(CallerIdentity caller) {
        return new ReplayList(backfill.list(requireOrgAdmin(caller)), null);
    }

    @GetMapping("/{replayId}")
    WorkspaceEventBackfill.Replay get(CallerIdentity caller, @PathVariable String replayId) {
        TenantId tenant = requireOrgAdmin(caller);
        try {
            return backfill.find(tenant, UUID.fromString(replayId))
                    .orElseThrow(() -> new IntegrationReplayNotFound(replayId));
        } catch (IllegalArgumentException e) {
            throw new IntegrationReplayNotFound(replayId);
        }
    }

    private static TenantId requireOrgAdmin(CallerIdentity caller) {
        TenantId tenant = caller.requireTenant();
        caller.requireOrgAdmin("backfill integration topics");
        return tenant;
    }
}
