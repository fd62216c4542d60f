/**
 * The worker nodes as their heartbeats describe them ({@code node_view}), and {@code GET /api/v1/nodes} for platform
 * operators: health, capacity, load and the workspaces each node holds, per tenant.
 */
package io.aicockpit.query.node;
