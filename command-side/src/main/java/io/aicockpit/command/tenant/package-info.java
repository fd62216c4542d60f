/**
 * The Tenant aggregate: onboarding and quotas. Owns limit resolution for new workspaces; does not track which
 * workspaces run (see the workspace package's slot bookkeeping).
 */
package io.aicockpit.command.tenant;
