-- Worker nodes as their last heartbeat describes them (NodeHeartbeatListener); health is computed when read, from
-- last_heartbeat_at (this database's clock when the heartbeat was stored). Platform operators only: no reader grant.
CREATE TABLE node_view (
    node_id               text        NOT NULL,
    api_uri               text,
    docker_host           text,
    labels                jsonb       NOT NULL DEFAULT '{}'::jsonb,
    nano_cpus             bigint      NOT NULL,
    memory_bytes          bigint      NOT NULL,
    disk_bytes            bigint      NOT NULL,
    max_workspaces        integer     NOT NULL,
    running_workspaces    integer     NOT NULL,
    reserved_nano_cpus    bigint      NOT NULL,
    reserved_memory_bytes bigint      NOT NULL,
    used_memory_bytes     bigint,
    disk_used_bytes       bigint      NOT NULL,
    heartbeat_interval_ms bigint,
    started_at            timestamptz,
    last_sent_at          timestamptz NOT NULL,
    last_heartbeat_at     timestamptz NOT NULL,
    CONSTRAINT node_view_pk PRIMARY KEY (node_id)
);

-- A workspace's volume use as its node last measured it (running workspaces, every disk-interval). A table of its
-- own, so the measurements do not wake the status stream (workspace_view's trigger) every few seconds.
CREATE TABLE workspace_disk (
    workspace_id uuid        NOT NULL,
    tenant_id    text        NOT NULL,
    node_id      text        NOT NULL,
    limit_bytes  bigint,
    used_bytes   bigint,
    measured_at  timestamptz NOT NULL,
    CONSTRAINT workspace_disk_pk PRIMARY KEY (workspace_id)
);

GRANT SELECT ON workspace_disk TO aicockpit_query_reader;
ALTER TABLE workspace_disk ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_disk_tenant_isolation ON workspace_disk
    FOR SELECT
    TO aicockpit_query_reader
    USING (tenant_id = current_setting('aicockpit.tenant', true));

-- A workspace whose node stopped sending heartbeats is LOST; failure_reason says which node and since when.
ALTER TABLE workspace_view DROP CONSTRAINT workspace_view_status_check;
ALTER TABLE workspace_view ADD CONSTRAINT workspace_view_status_check
    CHECK (status IN ('PROVISIONING', 'RUNNING', 'STOPPING', 'STOPPED', 'FAILED', 'DELETING', 'DELETED', 'CRASHED',
                      'LOST'));

-- The tenant's disk quota at the workspace's last start: the size its volume was (or will be) made with.
ALTER TABLE workspace_view ADD COLUMN disk_quota_bytes bigint;

-- The tenant's placement settings (Tenant aggregate): node selector and disk quota per workspace.
ALTER TABLE tenant_view ADD COLUMN node_selector jsonb NOT NULL DEFAULT '{}'::jsonb;
ALTER TABLE tenant_view ADD COLUMN disk_bytes_per_workspace bigint NOT NULL DEFAULT 10737418240;
