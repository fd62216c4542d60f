package io.aicockpit.coreapi.messaging;

import io.aicockpit.coreapi.workspace.WorkspaceCrashed;
import io.aicockpit.coreapi.workspace.WorkspaceCreated;
import io.aicockpit.coreapi.workspace.WorkspaceDeleteRequested;
import io.aicockpit.coreapi.workspace.WorkspaceDeleted;
import io.aicockpit.coreapi.workspace.WorkspaceEvent;
import io.aicockpit.coreapi.workspace.WorkspaceLost;
import io.aicockpit.coreapi.workspace.WorkspacePlaced;
import io.aicockpit.coreapi.workspace.WorkspaceFailed;
import io.aicockpit.coreapi.workspace.WorkspaceIdleStopCancelled;
import io.aicockpit.coreapi.workspace.WorkspaceIdleStopWarned;
import io.aicockpit.coreapi.workspace.WorkspaceRenamed;
import io.aicockpit.coreapi.workspace.WorkspaceStartRequested;
import io.aicockpit.coreapi.workspace.WorkspaceStarted;
import io.aicockpit.coreapi.workspace.WorkspaceStopRequested;
import io.aicockpit.coreapi.workspace.WorkspaceStopped;

/**
 * CloudEvents attribute values of the public workspace-event stream. {@code type} names the event and its
 * version; {@code id} is the Axon event id (consumers deduplicate on it); {@code subject} is the workspace id;
 * the extension {@value #TENANT_EXTENSION} names the tenant and {@value #SEQUENCE_EXTENSION} the event's position
 * in its workspace's stream.
 */
public final class CloudEventTypes {
    public static final String SOURCE = "/aicockpit/command-side";
    public static final String TENANT_EXTENSION = "tenantid";
    public static final String SEQUENCE_EXTENSION = "sequence";
    /** A node's container usage record on the tenant's public usage topic; {@code id} is the record id. */
    public static final String CONTAINER_USAGE = "io.aicockpit.usage.container.v1";
    /** The {@code source} of container usage records: the node that sampled them, {@code /aicockpit/nodes/<id>}. */
    public static final String NODE_SOURCE_PREFIX = "/aicockpit/nodes/";

    private CloudEventTypes() {}

    public static String typeOf(WorkspaceEvent event) {
        String name = switch (event) {
            case WorkspaceCreated e -> "created";
            case WorkspaceRenamed e -> "renamed";
            case WorkspaceStartRequested e -> "start-requested";
            case WorkspaceStarted e -> "started";
            case WorkspaceStopRequested e -> "stop-requested";
            case WorkspaceStopped e -> "stopped";
            case WorkspaceDeleteRequested e -> "delete-requested";
            case WorkspaceDeleted e -> "deleted";
            case WorkspaceFailed e -> "failed";
            case WorkspaceCrashed e -> "crashed";
            case WorkspaceIdleStopWarned e -> "idle-stop-warned";
            case WorkspaceIdleStopCancelled e -> "idle-stop-cancelled";
            case WorkspacePlaced e -> "placed";
            case WorkspaceLost e -> "lost";
        };
        return "io.aicockpit.workspace." + name + ".v1";
    }
}
