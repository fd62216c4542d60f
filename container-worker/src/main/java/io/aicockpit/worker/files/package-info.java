/**
 * The workspace file API of the node hosting a workspace (docs/files.md): list, read with a strong ETag, conditional
 * write, mkdir, move, delete, upload, folder download as {@code .tar.gz}, and the change stream. Access is decided by
 * {@code workspace}'s {@code WorkspaceGate}. Nothing outside {@code /workspace} is read, written or deleted: paths are
 * parsed strictly, reads resolve every prefix through Docker's archive stat, and changes run inside the container as
 * the workspace's unprivileged user with every directory resolved physically. Never logs file contents. Does not run
 * commands for callers (that is {@code workspace}'s exec) or manage containers (that is {@code action}).
 */
package io.aicockpit.worker.files;
