package io.aicockpit.aiworker.assist;

/**
 * A workspace the caller may see, as query-side describes it: its status and the worker node hosting its container
 * ({@code nodeId} is null until the workspace first ran).
 */
record VisibleWorkspace(String workspaceId, String status, String nodeId) {
    boolean running() {
        return "RUNNING".equals(status);
    }
}
