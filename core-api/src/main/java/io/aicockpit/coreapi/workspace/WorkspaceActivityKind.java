package io.aicockpit.coreapi.workspace;

/** What counted as use of a workspace: it keeps the workspace from being stopped as idle. */
public enum WorkspaceActivityKind {
    /** Input typed into, or output printed by, one of the workspace's terminals. */
    TERMINAL,
    /** A file written, moved, deleted or read through the files API (the IDE, and AI requests reading mentions). */
    FILES,
    /** A command run through the exec API (confirmed AI commands among them). */
    EXEC,
    /** The container used more CPU than the node's threshold: a build or a test run is use. */
    CPU
}
