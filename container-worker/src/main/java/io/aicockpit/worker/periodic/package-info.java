/**
 * Work this node repeats on a timer (heartbeats, metering, reconciliation, activity sampling, terminal housekeeping):
 * one {@link io.aicockpit.worker.periodic.PeriodicTask} per loop, so each feature states only its interval and its
 * work. Knows no feature and depends on none, so every feature may use it without a cycle.
 */
package io.aicockpit.worker.periodic;
