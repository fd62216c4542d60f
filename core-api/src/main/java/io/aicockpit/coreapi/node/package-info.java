/**
 * Worker nodes as the platform sees them: each container-worker announces its capacity, labels and load in a
 * {@link io.aicockpit.coreapi.node.NodeHeartbeat} every few seconds on
 * {@link io.aicockpit.coreapi.messaging.Topics#NODE_HEARTBEATS}.
 */
package io.aicockpit.coreapi.node;
