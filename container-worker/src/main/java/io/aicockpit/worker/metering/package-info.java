/**
 * Container metering: samples every running managed container of this node periodically (CPU time and memory from
 * the engine's one-shot stats, which read the container's cgroup counters; {@code /workspace} size by {@code du}
 * at a slower pace), turns two samples into a {@code ContainerUsageRecorded} and publishes it on
 * {@code Topics.CONTAINER_USAGE} and the tenant's public usage topic. Only reads containers (stats, one {@code du}
 * exec); never changes one, and touches only containers labelled {@code io.aicockpit.managed=true} and this
 * node's id.
 */
package io.aicockpit.worker.metering;
