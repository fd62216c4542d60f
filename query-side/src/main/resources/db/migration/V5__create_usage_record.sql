-- One row per metered AI request, from ai-worker's usage records on Kafka. The record id is the key, so a
-- redelivered record is inserted once. No prompt or completion text is ever stored.
CREATE TABLE usage_record (
    tenant_id         text        NOT NULL,
    id                uuid        NOT NULL,
    user_subject      text,
    ai_service_id     uuid,
    model             text,
    endpoint          text,
    prompt_tokens     bigint      NOT NULL,
    completion_tokens bigint      NOT NULL,
    tokens_counted    boolean     NOT NULL,
    latency_ms        bigint      NOT NULL,
    ttft_ms           bigint,
    outcome           text        NOT NULL,
    status            integer     NOT NULL,
    request_id        text,
    at                timestamptz NOT NULL,
    CONSTRAINT usage_record_pk PRIMARY KEY (id)
);

-- Serves the report: one tenant, a time range.
CREATE INDEX usage_record_tenant_at_idx ON usage_record (tenant_id, at);
