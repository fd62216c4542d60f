-- Backfills of tenants' public topics from the event store, with their progress (io.aicockpit.command.integration).
CREATE TABLE command.integration_replay (
    tenant_id    TEXT        NOT NULL,
    replay_id    UUID        NOT NULL PRIMARY KEY,
    topic        TEXT        NOT NULL,
    status       TEXT        NOT NULL CHECK (status IN ('RUNNING', 'DONE', 'FAILED')),
    total        BIGINT      NOT NULL DEFAULT 0,
    published    BIGINT      NOT NULL DEFAULT 0,
    requested_by TEXT        NOT NULL,
    requested_at TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ,
    error        TEXT
);
CREATE INDEX integration_replay_by_tenant ON command.integration_replay (tenant_id, requested_at DESC);
-- one running backfill per tenant, also across command-side instances
CREATE UNIQUE INDEX integration_replay_one_running ON command.integration_replay (tenant_id) WHERE status = 'RUNNING';
