/**
 * The node's reconciler: notices on its own when a workspace container of this node ended without being asked to
 * (crash, kill, out of memory) and reports a {@code ContainerExited} on {@code Topics.CONTAINER_EVENTS}. Watches
 * Docker's event stream ({@code die}, {@code oom}) for immediate detection and compares every managed container of
 * this node periodically and at start-up, so an exit missed while the stream was down is still reported. Exits the
 * action executor causes (STOP, DELETE) are registered in {@link io.aicockpit.worker.reconcile.ExpectedExits} and
 * not reported. Containers older than the orphan grace period are shown to command-side ({@code ContainerFound});
 * the only change it makes is removing a container (and, for a deleted workspace, its volume) that command-side
 * names for this node in a {@code RemoveOrphanContainer} and that still carries the named labels. Touches only
 * containers labelled {@code io.aicockpit.managed=true} and this node's id. Decides nothing about workspaces:
 * command-side decides whether an exit is a crash and whether a container is an orphan.
 */
package io.aicockpit.worker.reconcile;
