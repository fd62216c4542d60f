/**
 * Worker nodes as command-side sees them: a table fed by the nodes' heartbeats ({@link
 * io.aicockpit.command.node.NodeHeartbeatListener}), the placement that reserves room on one of them for each start
 * ({@link io.aicockpit.command.node.JdbcNodePlacement}, ADR 0005), and the monitor that marks nodes lost when their
 * heartbeats stop ({@link io.aicockpit.command.node.NodeMonitor}).
 */
package io.aicockpit.command.node;
