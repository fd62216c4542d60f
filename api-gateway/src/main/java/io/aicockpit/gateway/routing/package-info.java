/**
 * Which downstream service answers which API path, and what crosses the boundary: client-supplied identity
 * headers and the client's token are stripped, the gateway's signed identity and the request id are added. Does not authenticate or authorize (security).
 */
package io.aicockpit.gateway.routing;
