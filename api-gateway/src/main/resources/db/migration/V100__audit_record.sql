-- Audit trail: one row per audited request, chained per tenant by hash (see docs/audit.md).
CREATE TABLE gateway.audit_record (
    tenant_id     text        NOT NULL,
    seq           bigint      NOT NULL,
    id            uuid        NOT NULL,
    occurred_at   timestamptz NOT NULL,
    actor_subject text,
    actor_name    text,
    actor_type    text        NOT NULL,
    client_ip     text,
    user_agent    text,
    action        text        NOT NULL,
    resource_type text,
    resource_id   text,
    outcome       text        NOT NULL CHECK (outcome IN ('ALLOWED', 'DENIED', 'FAILED')),
    http_status   integer     NOT NULL,
    request_id    text,
    prev_hash     char(64)    NOT NULL,
    hash          char(64)    NOT NULL,
    PRIMARY KEY (tenant_id, seq),
    UNIQUE (id)
);

CREATE INDEX audit_record_time ON gateway.audit_record (tenant_id, occurred_at);
CREATE INDEX audit_record_actor ON gateway.audit_record (tenant_id, actor_subject, seq);
CREATE INDEX audit_record_resource ON gateway.audit_record (tenant_id, resource_type, resource_id, seq);

-- The last link of each tenant's chain. Writers lock a tenant's row (SELECT ... FOR UPDATE) for the whole batch
-- transaction, so chains stay linear when several gateway replicas write at once. Verify compares it with the
-- last record, which reveals a cut tail.
CREATE TABLE gateway.audit_chain_head (
    tenant_id text     PRIMARY KEY,
    seq       bigint   NOT NULL,
    hash      char(64) NOT NULL
);

-- Append-only, enforced by the database whatever the application does.
CREATE FUNCTION gateway.audit_record_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'audit_record is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_record_no_update_or_delete
    BEFORE UPDATE OR DELETE ON gateway.audit_record
    FOR EACH ROW EXECUTE FUNCTION gateway.audit_record_refuse_change();

CREATE TRIGGER audit_record_no_truncate
    BEFORE TRUNCATE ON gateway.audit_record
    FOR EACH STATEMENT EXECUTE FUNCTION gateway.audit_record_refuse_change();

REVOKE UPDATE, DELETE, TRUNCATE ON gateway.audit_record FROM PUBLIC;
