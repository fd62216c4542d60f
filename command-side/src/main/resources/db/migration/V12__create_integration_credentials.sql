-- Integration credentials as the API lists them (package io.aicockpit.command.integration). No secret here: the
-- secret exists only as the broker's SCRAM hash.
CREATE TABLE command.integration_credential (
    tenant_id     TEXT        NOT NULL,
    credential_id UUID        NOT NULL PRIMARY KEY,
    name          TEXT        NOT NULL,
    principal     TEXT        NOT NULL UNIQUE,
    created_at    TIMESTAMPTZ NOT NULL,
    created_by    TEXT        NOT NULL,
    rotated_at    TIMESTAMPTZ,
    revoked_at    TIMESTAMPTZ
);
CREATE INDEX integration_credential_by_tenant ON command.integration_credential (tenant_id, created_at DESC);
