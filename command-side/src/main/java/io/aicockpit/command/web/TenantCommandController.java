package io.aicockpit.command.web;

import io.aicockpit.command.idle.TenantIdleTimeouts;
import io.aicockpit.command.tenant.TenantRuleViolation;
import io.aicockpit.coreapi.common.ResourceLimits;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.identity.InternalIdentity;
import io.aicockpit.coreapi.tenant.ChangeTenantIdleTimeout;
import io.aicockpit.coreapi.tenant.ChangeTenantPlacement;
import io.aicockpit.coreapi.tenant.ChangeTenantQuotas;
import io.aicockpit.coreapi.tenant.TenantPlacement;
import java.util.Map;
import io.aicockpit.coreapi.tenant.CreateTenant;
import io.aicockpit.coreapi.tenant.TenantQuotas;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Platform operators onboard tenants and set their quotas. A tenant's idle timeout is set by platform operators or
 * by the tenant's own org admins, and read by both.
 */
@RestController
@RequestMapping("/api/v1/tenants")
class TenantCommandController {
    private final CommandGateway commands;
    private final TenantIdleTimeouts idleTimeouts;

    TenantCommandController(CommandGateway commands, TenantIdleTimeouts idleTimeouts) {
        this.commands = commands;
        this.idleTimeouts = idleTimeouts;
    }

    record LimitsBody(@NotNull @Min(6) @Max(1_048_576) Long memoryMiB, @NotNull @Min(0) @Max(1_048_576) Long swapMiB,
                      @NotNull @DecimalMin("0.01") @DecimalMax("1024") BigDecimal cpus,
                      @NotNull @Min(1) @Max(1_000_000) Long pids) {
        ResourceLimits toLimits() {
            return new ResourceLimits(memoryMiB * ResourceLimits.MIB, swapMiB * ResourceLimits.MIB,
                    cpus.movePointRight(9).longValue(), pids);
        }
    }

    record QuotasBody(@NotNull @Min(0) @Max(10_000) Integer maxRunningWorkspaces,
                      @NotNull @Valid LimitsBody defaultLimits, @NotNull @Valid LimitsBody maxLimits) {
        TenantQuotas toQuotas() {
            try {
                return new TenantQuotas(maxRunningWorkspaces, defaultLimits.toLimits(), maxLimits.toLimits());
            } catch (IllegalArgumentException e) {
                throw new TenantRuleViolation(e.getMessage());
            }
        }
    }

    record CreateTenantRequest(
            @NotBlank @Pattern(regexp = "^[a-z][a-z0-9-]{0,38}[a-z0-9]$",
                    message = "must be 2-40 lowercase letters, digits or inner hyphens, starting with a letter")
            String id,
            @NotBlank @Size(max = 100) String name,
            @NotNull @Valid QuotasBody quotas) {}

    record TenantAccepted(String id) {}

    @PostMapping
    ResponseEntity<TenantAccepted> create(CallerIdentity caller, @Valid @RequestBody CreateTenantRequest body) {
        caller.requireOperator();
        TenantId id = new TenantId(body.id());
        commands.sendAndWait(new CreateTenant(id, body.name(), body.quotas().toQuotas(), caller.actor()));
        return ResponseEntity.created(URI.create("/api/v1/tenants/" + id)).body(new TenantAccepted(id.value()));
    }

    @PutMapping("/{tenantId}/quotas")
    ResponseEntity<Void> changeQuotas(CallerIdentity caller, @PathVariable String tenantId,
                                      @Valid @RequestBody QuotasBody body) {
        caller.requireOperator();
        if (!TenantId.isValid(tenantId)) {
            throw new TenantNotFound(tenantId);
        }
        commands.sendAndWait(new ChangeTenantQuotas(new TenantId(tenantId), body.toQuotas(), caller.actor()));
        return ResponseEntity.noContent().build();
    }

    /** {@code enabled=false} disables idle auto-stop; otherwise {@code timeoutSeconds} is required. */
    record IdleTimeoutBody(@NotNull Boolean enabled, @Min(1) @Max(604_800) Long timeoutSeconds) {}

    record IdleTimeoutView(String tenantId, boolean enabled, Long timeoutSeconds, boolean isDefault) {}

    @PutMapping("/{tenantId}/idle-timeout")
    ResponseEntity<IdleTimeoutView> changeIdleTimeout(CallerIdentity caller, @PathVariable String tenantId,
                                                      @Valid @RequestBody IdleTimeoutBody body) {
        TenantId tenant = requireOperatorOrOwnOrgAdmin(caller, tenantId, "change the idle timeout");
        if (body.enabled() && body.timeoutSeconds() == null) {
            throw new TenantRuleViolation("timeoutSeconds is required when enabled is true");
        }
        Duration timeout = body.enabled() ? Duration.ofSeconds(body.timeoutSeconds()) : null;
        commands.sendAndWait(new ChangeTenantIdleTimeout(tenant, timeout, caller.actor()));
        return ResponseEntity.ok(new IdleTimeoutView(tenant.value(), timeout != null,
                timeout == null ? null : timeout.toSeconds(), false));
    }

    @GetMapping("/{tenantId}/idle-timeout")
    IdleTimeoutView idleTimeout(CallerIdentity caller, @PathVariable String tenantId) {
        TenantId tenant = requireOperatorOrOwnOrgAdmin(caller, tenantId, "read the idle timeout");
        TenantIdleTimeouts.Setting setting = idleTimeouts.of(tenant);
        return new IdleTimeoutView(tenant.value(), setting.timeout().isPresent(),
                setting.timeout().map(Duration::toSeconds).orElse(null), setting.isDefault());
    }

    /**
     * Where the tenant's workspaces may run and the size of each new workspace volume. A platform concern (which
     * nodes exist and what they carry), so platform operators only. Omitted fields take their defaults: any node,
     * {@link TenantPlacement#DEFAULT_DISK_BYTES}.
     */
    record PlacementBody(Map<String, String> nodeSelector, @Min(TenantPlacement.MIN_DISK_BYTES)
            @Max(TenantPlacement.MAX_DISK_BYTES) Long diskBytesPerWorkspace) {}

    record PlacementView(String tenantId, Map<String, String> nodeSelector, long diskBytesPerWorkspace) {}

    @PutMapping("/{tenantId}/placement")
    PlacementView changePlacement(CallerIdentity caller, @PathVariable String tenantId,
                                  @Valid @RequestBody PlacementBody body) {
        caller.requireOperator();
        if (!TenantId.isValid(tenantId)) {
            throw new TenantNotFound(tenantId);
        }
        Map<String, String> selector = body.nodeSelector() == null ? Map.of() : body.nodeSelector();
        long disk = body.diskBytesPerWorkspace() == null ? TenantPlacement.DEFAULT_DISK_BYTES
                : body.diskBytesPerWorkspace();
        commands.sendAndWait(new ChangeTenantPlacement(new TenantId(tenantId), selector, disk, caller.actor()));
        return new PlacementView(tenantId, selector, disk);
    }

    /** Operators act on any tenant; an org admin only on its own, and another tenant does not exist for it (404). */
    private static TenantId requireOperatorOrOwnOrgAdmin(CallerIdentity caller, String tenantId, String action) {
        if (!TenantId.isValid(tenantId)) {
            throw new TenantNotFound(tenantId);
        }
        TenantId tenant = new TenantId(tenantId);
        if (caller.roles().contains(InternalIdentity.PLATFORM_OPERATOR)) {
            return tenant;
        }
        if (!tenant.equals(caller.tenantId())) {
            throw new TenantNotFound(tenantId);
        }
        caller.requireOrgAdmin(action);
        return tenant;
    }

    static class TenantNotFound extends RuntimeException {
        TenantNotFound(String id) {
            super("tenant " + id + " was not found");
        }
    }
}
