/**
 * Container actions: consumes {@code ContainerAction}s from Kafka ({@code Topics.CONTAINER_ACTIONS} unless a test
 * points the worker elsewhere), makes this node's Docker engine match them
 * (idempotently, with the workspace's quotas and the platform's isolation; the volume and its disk quota come from
 * {@code volume}) and publishes a {@code ContainerResult}
 * before acknowledging. Touches only containers and volumes named {@code aicockpit-ws-<workspaceId>} whose labels
 * name the same tenant and workspace; never pulls images and never mounts the Docker socket.
 */
package io.aicockpit.worker.action;
