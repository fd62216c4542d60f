/**
 * The workspace API of the node hosting a workspace: the access gate, problems and request ids that
 * {@code files} shares, and running a shell command ({@code POST .../exec}) in the workspace's container. Every call is checked three times: the gateway's
 * identity token (DEVELOPER or ORG_ADMIN of a tenant), query-side's answer whether the caller may see the workspace,
 * and the container's own tenant and workspace labels. Commands run as the
 * container's configured user. Never logs file contents, command text or output. Does not start, stop or create
 * containers (that is {@code action}).
 */
package io.aicockpit.worker.workspace;
