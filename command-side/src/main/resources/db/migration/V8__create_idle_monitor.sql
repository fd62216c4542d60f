-- State of the idle monitor (package io.aicockpit.command.idle). Kept in PostgreSQL so that a restart or a second
-- command-side instance continues where the last one stopped; the Workspace aggregate still has the last word.

-- Running workspaces: since when they run, the idle period they were warned about, and a short lease so one
-- instance at a time handles a due workspace.
CREATE TABLE command.idle_workspace (
    tenant_id         TEXT        NOT NULL,
    workspace_id      UUID        NOT NULL PRIMARY KEY,
    running_since     TIMESTAMPTZ NOT NULL,
    warned_idle_since TIMESTAMPTZ,
    stop_at           TIMESTAMPTZ,
    lease_until       TIMESTAMPTZ
);

-- The newest activity nodes reported per workspace; only ever moves forward.
CREATE TABLE command.idle_activity (
    tenant_id        TEXT        NOT NULL,
    workspace_id     UUID        NOT NULL PRIMARY KEY,
    last_activity_at TIMESTAMPTZ NOT NULL
);

-- A tenant's own idle timeout; no row = the default, timeout_ms NULL = idle auto-stop disabled.
CREATE TABLE command.idle_tenant_timeout (
    tenant_id  TEXT   NOT NULL PRIMARY KEY,
    timeout_ms BIGINT CHECK (timeout_ms > 0)
);
