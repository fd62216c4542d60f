/**
 * The workspace terminal of the node hosting a workspace: an interactive TTY shell in the workspace's container
 * (docker exec), reached by a WebSocket ({@code GET .../terminal}) and listed or closed by REST
 * ({@code GET .../terminals}, {@code DELETE .../terminals/{terminalId}}). Terminals outlive their socket for a grace
 * period and replay what they printed meanwhile. Access is decided by the workspace package's gate, before any
 * upgrade. Never logs what is typed or printed. Does not start, stop or create containers (that is {@code action})
 * and does not read files (that is {@code workspace}/{@code files}).
 */
package io.aicockpit.worker.terminal;
