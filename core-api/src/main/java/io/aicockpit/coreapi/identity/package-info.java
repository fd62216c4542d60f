/**
 * The identity the gateway passes to the services behind it. Services trust nothing else about the caller: a
 * request that did not pass the gateway carries no token they accept (verification: service-support).
 */
package io.aicockpit.coreapi.identity;
