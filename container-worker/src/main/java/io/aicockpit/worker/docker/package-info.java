/**
 * The connection to this node's Docker engine: one pinned-API client and its health check. Knows nothing about
 * workspaces or Kafka.
 */
package io.aicockpit.worker.docker;
