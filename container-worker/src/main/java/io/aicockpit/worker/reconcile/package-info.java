/**
 * The node's reconciler: notices on its own when a workspace container of this node ended without being asked to
 * (crash, kill, out of memory) and reports a {@code ContainerExited} on {@code Topics.CONTAINER_EVENTS}. Watches
 * Docker's event stream ({@code die}, {@code oom}) for immediate detection and compares every managed container of
 * this node periodically and at start-up, so an exit missed while the stream was down is still reported. Exits the
 * action executor causes (STOP, DELETE) are registered in {@link io.aicockpit.worker.reconcile.ExpectedExits} and
 * not reported. Only reads containers labelled {@code io.aicockpit.managed=true} and this node's id; never changes
 * them. Does not decide anything about workspaces: command-side decides whether an exit is a crash.
 */
package io.aicockpit.worker.reconcile;
