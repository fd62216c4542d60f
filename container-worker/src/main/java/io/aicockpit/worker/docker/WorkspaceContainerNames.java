package io.aicockpit.worker.docker;

import io.aicockpit.coreapi.workspace.WorkspaceId;

/**
 * How this module names and labels a workspace's container and volume; public so the workspace API finds the
 * container START created and checks its owner by the same labels.
 */
public final class WorkspaceContainerNames {
    public static final String NAME_PREFIX = "aicockpit-ws-";
    public static final String WORKSPACE_DIR = "/workspace";
    public static final String LABEL_MANAGED = "io.aicockpit.managed";
    public static final String LABEL_TENANT = "io.aicockpit.tenant";
    public static final String LABEL_WORKSPACE = "io.aicockpit.workspace";
    public static final String LABEL_NODE = "io.aicockpit.node";
    /** The workspace owner's subject (containers created since metering; volumes do not carry it). */
    public static final String LABEL_OWNER = "io.aicockpit.owner";

    private WorkspaceContainerNames() {}

    /** The name of both the workspace's container and its volume. */
    public static String resourceName(WorkspaceId workspaceId) {
        return NAME_PREFIX + workspaceId;
    }
}
