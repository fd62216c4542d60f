-- Shell commands the AI suggested, kept until they are confirmed and run (once) or expire. Only the caller who got
-- a suggestion can run it, in the workspace it was made for. The audit trail (gateway) records both the suggestion
-- request and the run with the command; this table is operational state and is pruned after expiry.
CREATE TABLE command_suggestion (
    id             uuid        NOT NULL,
    tenant_id      text        NOT NULL,
    workspace_id   text        NOT NULL,
    subject        text        NOT NULL,
    command        text        NOT NULL,
    created_at     timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL,
    run_at         timestamptz,
    run_request_id text,
    CONSTRAINT command_suggestion_pk PRIMARY KEY (id)
);

CREATE INDEX command_suggestion_expiry_idx ON command_suggestion (expires_at);
