package io.aicockpit.coreapi.workspace;

/**
 * Where a workspace is in its lifecycle. STOPPED is also the state of a workspace that was created and never
 * started. PROVISIONING, STOPPING and DELETING mean a container action is in flight on a worker node. CRASHED means
 * the container ended on its own while the workspace was running (crash, kill, out of memory); it can be started,
 * stopped or deleted like a stopped one. LOST means the node holding it stopped sending heartbeats; it can be started
 * again (on a live node) or deleted.
 */
public enum WorkspaceStatus { PROVISIONING, RUNNING, STOPPING, STOPPED, FAILED, DELETING, DELETED, CRASHED, LOST }
