/**
 * Authentication and authorization at the edge: picks the verifier by the token's (unverified) issuer, accepting
 * only the platform issuer and registered tenant issuers, verifies signature, issuer, audience and time, maps
 * the tenant's role claim onto platform roles and decides per route which roles may pass. Publishes the result
 * as {@link io.aicockpit.gateway.identity.GatewayIdentity} in the exchange attributes. Does not route, sign
 * downstream tokens or count requests.
 */
package io.aicockpit.gateway.security;
