-- One row per AI service a tenant registered, written only by AiServiceProjection (processing group ai-service-view).
-- Holds no secret: not even the key's reference, only its last four characters.
CREATE TABLE ai_service_view (
    tenant_id            text        NOT NULL,
    ai_service_id        uuid        NOT NULL,
    name                 text        NOT NULL,
    kind                 text        NOT NULL,
    base_url             text        NOT NULL,
    api_key_last4        text,
    default_model        text,
    azure_deployment     text,
    azure_api_version    text,
    active               boolean     NOT NULL DEFAULT false,
    fallback             boolean     NOT NULL DEFAULT false,
    removed              boolean     NOT NULL DEFAULT false,
    last_test_succeeded  boolean,
    last_test_latency_ms bigint,
    last_test_error      text,
    last_tested_at       timestamptz,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    last_sequence        bigint      NOT NULL,
    CONSTRAINT ai_service_view_pk PRIMARY KEY (ai_service_id)
);

CREATE INDEX ai_service_view_tenant_idx ON ai_service_view (tenant_id, name);

COMMENT ON COLUMN ai_service_view.last_sequence IS 'sequence number (of the tenant''s catalogue aggregate) of the last event applied; older or equal events change nothing';
