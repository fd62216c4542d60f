/**
 * This worker as a node of the fleet: its capacity, labels and load, announced every few seconds as a
 * {@link io.aicockpit.coreapi.node.NodeHeartbeat} (docs/workspaces.md, "Nodes and placement").
 */
package io.aicockpit.worker.node;
