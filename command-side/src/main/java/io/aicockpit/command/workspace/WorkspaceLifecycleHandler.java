package io.aicockpit.command.workspace;

import io.aicockpit.command.config.CommandSideProperties.StackTemplate;
import io.aicockpit.command.tenant.Tenant;
import io.aicockpit.coreapi.common.NodeId;
import io.aicockpit.coreapi.common.ResourceLimits;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.workspace.CreateWorkspace;
import io.aicockpit.coreapi.workspace.StartWorkspace;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/**
 * Decides the two workspace commands that need the tenant: create (stack and limits checked against the
 * tenant's quotas) and start (a node chosen and a running slot reserved in the same transaction as the events, so
 * concurrent starts can exceed neither the tenant's maximum nor a node's capacity).
 */
@Component
class WorkspaceLifecycleHandler {
    private final Repository<Workspace> workspaces;
    private final Repository<Tenant> tenants;
    private final StackCatalog stacks;
    private final WorkspaceSlots slots;
    private final NodePlacement placement;

    WorkspaceLifecycleHandler(Repository<Workspace> workspaceRepository, Repository<Tenant> tenantRepository,
                              StackCatalog stacks, WorkspaceSlots slots) {
        this(workspaceRepository, tenantRepository, stacks, slots, NodePlacement.OFF);
    }

    @Autowired
    WorkspaceLifecycleHandler(Repository<Workspace> workspaceRepository, Repository<Tenant> tenantRepository,
                              StackCatalog stacks, WorkspaceSlots slots, NodePlacement placement) {
        this.workspaces = workspaceRepository;
        this.tenants = tenantRepository;
        this.stacks = stacks;
        this.slots = slots;
        this.placement = placement;
    }

    @CommandHandler
    WorkspaceId handle(CreateWorkspace command) throws Exception {
        Aggregate<Tenant> tenant = loadTenant(command.tenantId());
        StackTemplate stack = stacks.find(command.stackId())
                .orElseThrow(() -> new WorkspaceRuleViolation("unknown stack '" + command.stackId()
                        + "'; known stacks: " + String.join(", ", stacks.ids())));
        ResourceLimits limits = tenant.invoke(t -> t.resolveLimits(command.limits()));
        workspaces.newInstance(() -> new Workspace(command.workspaceId(), command.tenantId(), command.name(),
                command.stackId(), stack.image(), limits, command.requestedBy()));
        return command.workspaceId();
    }

    @CommandHandler
    void handle(StartWorkspace command, @MetaDataValue(Workspace.CALLER_ROLES) String roles) {
        Aggregate<Workspace> workspace = loadWorkspace(command.workspaceId());
        Aggregate<Tenant> tenant = loadTenant(command.tenantId());
        Map<String, String> selector = tenant.invoke(Tenant::nodeSelector);
        long diskBytes = tenant.invoke(Tenant::diskBytesPerWorkspace);
        workspace.execute(w -> {
            w.checkAccess(command.tenantId(), command.requestedBy(), roles);
            w.checkStartable();
            NodeId node = placement.place(new NodePlacement.Request(command.workspaceId(), command.tenantId(),
                    w.limits(), selector, w.nodeId())).orElse(null);
            w.start(command.actionId(), command.requestedBy(), node, node == null ? null : diskBytes);
        });
        int maxRunning = tenant.invoke(Tenant::maxRunningWorkspaces);
        slots.reserve(command.tenantId(), command.workspaceId(), maxRunning);
    }

    private Aggregate<Workspace> loadWorkspace(WorkspaceId id) {
        try {
            return workspaces.load(id.toString());
        } catch (AggregateNotFoundException e) {
            throw new WorkspaceNotFound(id);
        }
    }

    private Aggregate<Tenant> loadTenant(TenantId id) {
        try {
            return tenants.load(id.toString());
        } catch (AggregateNotFoundException e) {
            throw new TenantNotOnboarded(id);
        }
    }
}
