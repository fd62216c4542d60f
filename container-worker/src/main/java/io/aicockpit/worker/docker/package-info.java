/**
 * The connection to this node's Docker engine: pinned-API clients (one for actions, one for the workspace API's
 * streaming calls) and the health check. Knows nothing about workspaces or Kafka.
 */
package io.aicockpit.worker.docker;
