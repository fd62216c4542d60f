/**
 * Workspace activity on this node, for idle auto-stop and the workspace's last-activity time: terminal input and
 * output (read from {@code terminal}'s {@code WorkspaceTerminalActivity}), successful file-API and exec requests
 * (seen by a handler interceptor, so {@code files} and {@code workspace} need no change), and container CPU above a
 * threshold (the container's cgroup counter). Publishes throttled {@code WorkspaceActivity} reports. Never changes
 * a container and never reads what is typed, printed or written.
 */
package io.aicockpit.worker.activity;
