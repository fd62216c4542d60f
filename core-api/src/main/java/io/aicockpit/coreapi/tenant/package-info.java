/** Tenant (organization) commands and events: onboarding and quotas. */
package io.aicockpit.coreapi.tenant;
