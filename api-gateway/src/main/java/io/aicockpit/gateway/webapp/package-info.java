/**
 * The web app's face on the gateway: serves the single-page app packaged by the {@code frontend} module (client
 * routes fall back to {@code index.html}), puts a strict Content-Security-Policy on it, and publishes each tenant's
 * public login settings (issuer, public client id) so the browser can start the OIDC login at the tenant's own IdP.
 * Reads the tenant registry through {@link io.aicockpit.gateway.tenant.TenantDirectory}; never touches routing,
 * tokens or the registry's storage.
 */
package io.aicockpit.gateway.webapp;
