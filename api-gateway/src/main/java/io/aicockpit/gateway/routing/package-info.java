/**
 * Which downstream service answers which API path, and what crosses the boundary: client-supplied identity
 * headers and the client's token are stripped, the gateway's signed identity and the request id are added. A
 * workspace's terminal and files go to the node holding it, found through query-side as the caller; WebSocket
 * upgrades are let through only on the terminal route and from the configured web origins. Does not authenticate
 * or authorize by role (security).
 */
package io.aicockpit.gateway.routing;
