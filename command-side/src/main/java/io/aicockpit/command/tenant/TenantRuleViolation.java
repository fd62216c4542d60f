package io.aicockpit.command.tenant;

/** A tenant command or request that breaks a tenant rule (bad name, bad quotas). Answered 422. */
public class TenantRuleViolation extends RuntimeException {
    public TenantRuleViolation(String message) {
        super(message);
    }
}
