-- Worker nodes as their heartbeats describe them, and the room each workspace holds on one (ADR 0005).
-- last_heartbeat_at is this database's clock when the heartbeat was stored, so node clocks never decide liveness.
CREATE TABLE command.node (
    node_id           TEXT        NOT NULL PRIMARY KEY,
    api_uri           TEXT,
    labels            JSONB       NOT NULL DEFAULT '{}'::jsonb,
    nano_cpus         BIGINT      NOT NULL,
    memory_bytes      BIGINT      NOT NULL,
    disk_bytes        BIGINT      NOT NULL,
    max_workspaces    INTEGER     NOT NULL,
    started_at        TIMESTAMPTZ,
    last_sent_at      TIMESTAMPTZ NOT NULL,
    last_heartbeat_at TIMESTAMPTZ NOT NULL,
    lost_at           TIMESTAMPTZ
);

-- One row per workspace that holds room on a node: inserted by the start that placed it (under the node rows' lock),
-- deleted in the transaction of the event that ends its run (stopped, crashed, deleted, failed start, lost).
CREATE TABLE command.node_slot (
    workspace_id UUID        NOT NULL PRIMARY KEY,
    node_id      TEXT        NOT NULL,
    tenant_id    TEXT        NOT NULL,
    nano_cpus    BIGINT      NOT NULL,
    memory_bytes BIGINT      NOT NULL,
    placed_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX node_slot_node_idx ON command.node_slot (node_id);

-- The node each workspace was last placed on: where its /workspace volume is.
CREATE TABLE command.workspace_node (
    workspace_id UUID        NOT NULL PRIMARY KEY,
    node_id      TEXT        NOT NULL,
    placed_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
