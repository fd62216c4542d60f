package io.aicockpit.command.tenant;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.aicockpit.coreapi.common.RequestedLimits;
import io.aicockpit.coreapi.common.ResourceLimits;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.tenant.ChangeTenantIdleTimeout;
import io.aicockpit.coreapi.tenant.ChangeTenantPlacement;
import io.aicockpit.coreapi.tenant.TenantPlacement;
import io.aicockpit.coreapi.tenant.TenantPlacementChanged;
import java.util.Map;
import io.aicockpit.coreapi.tenant.ChangeTenantQuotas;
import io.aicockpit.coreapi.tenant.CreateTenant;
import io.aicockpit.coreapi.tenant.TenantCreated;
import io.aicockpit.coreapi.tenant.TenantIdleTimeout;
import io.aicockpit.coreapi.tenant.TenantIdleTimeoutChanged;
import io.aicockpit.coreapi.tenant.TenantQuotas;
import io.aicockpit.coreapi.tenant.TenantQuotasChanged;
import java.time.Duration;
import java.util.Objects;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * An organization. Owns its quotas (the limits its workspaces get and how many may run at once) and its idle timeout
 * (how long a running workspace may go unused before the platform stops it).
 */
@Aggregate
public class Tenant {
    static final int MAX_NAME_LENGTH = 100;

    @AggregateIdentifier
    private TenantId tenantId;
    private TenantQuotas quotas;
    /** Null when idle auto-stop is disabled. */
    private Duration idleTimeout;
    /** Labels a node must carry to run the tenant's workspaces; empty: any node. */
    private Map<String, String> nodeSelector = Map.of();
    private long diskBytesPerWorkspace = TenantPlacement.DEFAULT_DISK_BYTES;

    protected Tenant() {
        // for Axon
    }

    @CommandHandler
    public Tenant(CreateTenant command) {
        String name = command.name() == null ? "" : command.name().strip();
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new TenantRuleViolation("tenant name must be 1-" + MAX_NAME_LENGTH + " characters");
        }
        if (command.quotas() == null) {
            throw new TenantRuleViolation("tenant quotas are required");
        }
        apply(new TenantCreated(command.tenantId(), name, command.quotas(), command.requestedBy()));
    }

    @CommandHandler
    public void handle(ChangeTenantQuotas command) {
        if (command.quotas() == null) {
            throw new TenantRuleViolation("tenant quotas are required");
        }
        if (command.quotas().equals(quotas)) {
            return;
        }
        apply(new TenantQuotasChanged(tenantId, command.quotas(), command.requestedBy()));
    }

    @CommandHandler
    public void handle(ChangeTenantIdleTimeout command) {
        if (!TenantIdleTimeout.isValid(command.idleTimeout())) {
            throw new TenantRuleViolation("idle timeout must be between " + TenantIdleTimeout.MIN.toSeconds()
                    + " s and " + TenantIdleTimeout.MAX.toDays() + " days, or disabled");
        }
        if (Objects.equals(command.idleTimeout(), idleTimeout)) {
            return;
        }
        apply(new TenantIdleTimeoutChanged(tenantId, command.idleTimeout(), command.requestedBy()));
    }

    @CommandHandler
    public void handle(ChangeTenantPlacement command) {
        Map<String, String> selector = command.nodeSelector() == null ? Map.of() : Map.copyOf(command.nodeSelector());
        String invalid = TenantPlacement.invalidSelector(selector);
        if (invalid != null) {
            throw new TenantRuleViolation(invalid);
        }
        if (!TenantPlacement.validDisk(command.diskBytesPerWorkspace())) {
            throw new TenantRuleViolation("disk quota per workspace must be between "
                    + TenantPlacement.MIN_DISK_BYTES + " and " + TenantPlacement.MAX_DISK_BYTES + " bytes");
        }
        if (selector.equals(nodeSelector) && command.diskBytesPerWorkspace() == diskBytesPerWorkspace) {
            return;
        }
        apply(new TenantPlacementChanged(tenantId, selector, command.diskBytesPerWorkspace(),
                command.requestedBy()));
    }

    /**
     * The limits a new workspace gets: each dimension the request leaves out takes the tenant's default; none may
     * exceed the tenant's maximum.
     */
    public ResourceLimits resolveLimits(RequestedLimits requested) {
        ResourceLimits defaults = quotas.defaultLimits();
        ResourceLimits resolved;
        try {
            resolved = requested == null ? defaults : new ResourceLimits(
                    requested.memoryBytes() != null ? requested.memoryBytes() : defaults.memoryBytes(),
                    requested.swapBytes() != null ? requested.swapBytes() : defaults.swapBytes(),
                    requested.nanoCpus() != null ? requested.nanoCpus() : defaults.nanoCpus(),
                    requested.pids() != null ? requested.pids() : defaults.pids());
        } catch (IllegalArgumentException e) {
            throw new TenantRuleViolation(e.getMessage());
        }
        if (!resolved.fitsWithin(quotas.maxLimits())) {
            throw new LimitsExceedTenantMaximum(resolved, quotas.maxLimits());
        }
        return resolved;
    }

    public int maxRunningWorkspaces() {
        return quotas.maxRunningWorkspaces();
    }

    public TenantId tenantId() {
        return tenantId;
    }

    /** Labels every node running this tenant's workspaces must carry; empty for any node. */
    public Map<String, String> nodeSelector() {
        return nodeSelector;
    }

    /** Size of a new workspace volume of this tenant. */
    public long diskBytesPerWorkspace() {
        return diskBytesPerWorkspace;
    }

    @EventSourcingHandler
    void on(TenantPlacementChanged event) {
        nodeSelector = event.nodeSelector();
        diskBytesPerWorkspace = event.diskBytesPerWorkspace();
    }

    @EventSourcingHandler
    void on(TenantCreated event) {
        tenantId = event.tenantId();
        quotas = event.quotas();
        idleTimeout = TenantIdleTimeout.DEFAULT;
    }

    @EventSourcingHandler
    void on(TenantIdleTimeoutChanged event) {
        idleTimeout = event.idleTimeout();
    }

    @EventSourcingHandler
    void on(TenantQuotasChanged event) {
        quotas = event.quotas();
    }
}
