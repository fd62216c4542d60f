package io.aicockpit.query.workspace;

import java.util.List;

/** One page of workspaces, newest first; {@code nextCursor} is null on the last page. */
record WorkspacePage(List<WorkspaceView> items, String nextCursor) {
}
