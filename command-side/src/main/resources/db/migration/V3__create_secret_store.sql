-- Tenants' secrets (AI service API keys) as AES-256-GCM ciphertexts, outside the event store. command-side inserts
-- a row in the transaction of the command that references it; ai-worker only reads. The master key is never here.
CREATE SCHEMA IF NOT EXISTS secrets;

CREATE TABLE secrets.secret (
    ref        uuid        PRIMARY KEY,
    tenant_id  text        NOT NULL,
    ciphertext bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX secret_tenant_idx ON secrets.secret (tenant_id);
