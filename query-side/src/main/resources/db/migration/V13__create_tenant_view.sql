-- One row per tenant with its quotas, written only by TenantProjection (processing group tenant-view).
CREATE TABLE tenant_view (
    tenant_id              text        NOT NULL,
    name                   text        NOT NULL,
    max_running_workspaces integer     NOT NULL,
    default_memory_bytes   bigint      NOT NULL,
    default_swap_bytes     bigint      NOT NULL,
    default_nano_cpus      bigint      NOT NULL,
    default_pids           bigint      NOT NULL,
    max_memory_bytes       bigint      NOT NULL,
    max_swap_bytes         bigint      NOT NULL,
    max_nano_cpus          bigint      NOT NULL,
    max_pids               bigint      NOT NULL,
    idle_timeout_seconds   bigint,
    created_at             timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL,
    last_sequence          bigint      NOT NULL,
    CONSTRAINT tenant_view_pk PRIMARY KEY (tenant_id)
);

COMMENT ON COLUMN tenant_view.idle_timeout_seconds IS 'null when idle auto-stop is disabled';
COMMENT ON COLUMN tenant_view.last_sequence IS 'sequence number (of the Tenant aggregate) of the last event applied; older or equal events change nothing';

-- Second fence like workspace_view (V3): the reader role sees only the tenant of the transaction.
GRANT SELECT ON tenant_view TO aicockpit_query_reader;
ALTER TABLE tenant_view ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_view_tenant_isolation ON tenant_view
    FOR SELECT
    TO aicockpit_query_reader
    USING (tenant_id = current_setting('aicockpit.tenant', true));
