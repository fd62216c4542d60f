/**
 * Idle auto-stop: keeps which workspaces run, their last reported activity and each tenant's idle timeout in
 * PostgreSQL, and warns then stops workspaces that nobody used for longer than the timeout. Decides nothing on its
 * own: warnings and stops are commands the Workspace aggregate accepts or ignores. Owns the {@code command.idle_*}
 * tables; must not touch the workspace slots (the ordinary stop releases them).
 */
package io.aicockpit.command.idle;
