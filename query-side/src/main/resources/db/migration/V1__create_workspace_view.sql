-- One row per workspace, written only by WorkspaceProjection (processing group workspace-view).
CREATE TABLE workspace_view (
    tenant_id      text        NOT NULL,
    workspace_id   uuid        NOT NULL,
    name           text,
    stack_id       text,
    image          text,
    status         text        NOT NULL,
    failure_reason text,
    failed_action  text,
    memory_bytes   bigint,
    swap_bytes     bigint,
    nano_cpus      bigint,
    pids           bigint,
    owner_subject  text,
    owner_name     text,
    node_id        text,
    container_id   text,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    last_sequence  bigint      NOT NULL,
    CONSTRAINT workspace_view_pk PRIMARY KEY (workspace_id),
    CONSTRAINT workspace_view_status_check
        CHECK (status IN ('PROVISIONING', 'RUNNING', 'STOPPING', 'STOPPED', 'FAILED', 'DELETING', 'DELETED')),
    CONSTRAINT workspace_view_failed_action_check CHECK (failed_action IN ('START', 'STOP', 'DELETE'))
);

-- Serves the newest-first keyset pagination of one tenant's workspaces.
CREATE INDEX workspace_view_tenant_created_idx ON workspace_view (tenant_id, created_at DESC, workspace_id DESC);

COMMENT ON COLUMN workspace_view.last_sequence IS 'aggregate sequence number of the last event applied; older or equal events change nothing';
