package io.aicockpit.command.web;

import io.aicockpit.command.tenant.TenantRuleViolation;
import io.aicockpit.coreapi.common.ResourceLimits;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.tenant.ChangeTenantQuotas;
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
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Platform operators onboard tenants and set their quotas. */
@RestController
@RequestMapping("/api/v1/tenants")
class TenantCommandController {
    private final CommandGateway commands;

    TenantCommandController(CommandGateway commands) {
        this.commands = commands;
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

    static class TenantNotFound extends RuntimeException {
        TenantNotFound(String id) {
            super("tenant " + id + " was not found");
        }
    }
}
