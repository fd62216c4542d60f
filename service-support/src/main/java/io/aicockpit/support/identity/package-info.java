/**
 * Verification of the identity token the gateway passes to the services behind it ({@code InternalIdentity} in
 * core-api), and its auto-configuration: every service trusts a caller only through this.
 */
package io.aicockpit.support.identity;
