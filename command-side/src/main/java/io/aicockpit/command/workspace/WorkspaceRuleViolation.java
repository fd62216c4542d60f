package io.aicockpit.command.workspace;

/** A workspace request that breaks a rule (bad name, unknown stack). Answered 422. */
public class WorkspaceRuleViolation extends RuntimeException {
    public WorkspaceRuleViolation(String message) {
        super(message);
    }
}
