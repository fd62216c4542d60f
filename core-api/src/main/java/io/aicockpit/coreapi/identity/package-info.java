/**
 * The identity the gateway passes to the services behind it, and its verification. Services trust nothing else
 * about the caller: a request that did not pass the gateway carries no token they accept.
 */
package io.aicockpit.coreapi.identity;
