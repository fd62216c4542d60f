/**
 * Who the caller is once the gateway verified them ({@link io.aicockpit.gateway.identity.GatewayIdentity},
 * {@link io.aicockpit.gateway.identity.Role}) and how that identity is handed to the services behind the gateway:
 * a short-lived ES256 token only the gateway can sign, whose public key is served at {@code /internal/jwks.json}.
 * Does not verify incoming tokens (security) nor decide where requests go (routing).
 */
package io.aicockpit.gateway.identity;
