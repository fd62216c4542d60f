-- Running-workspace slots per tenant. Written in the same transaction as the workspace's events, so the tenant's
-- "max running workspaces" quota holds under concurrency and across command-side instances: the counter row is
-- the lock, the CHECK is the last fence.
CREATE TABLE command.tenant_slot_counter (
    tenant_id TEXT    NOT NULL PRIMARY KEY,
    running   INTEGER NOT NULL CHECK (running >= 0)
);

CREATE TABLE command.workspace_slot (
    tenant_id    TEXT        NOT NULL,
    workspace_id UUID        NOT NULL PRIMARY KEY,
    reserved_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX workspace_slot_tenant_idx ON command.workspace_slot (tenant_id);
