-- The AI services tenants connected, written only by AiServiceProjection (processing group ai-service-catalog).
-- key_ref points into secrets.secret (owned by command-side); the key itself is never stored here.
CREATE TABLE ai_service (
    tenant_id         text    NOT NULL,
    ai_service_id     uuid    NOT NULL,
    name              text,
    kind              text    NOT NULL,
    base_url          text    NOT NULL,
    key_ref           uuid,
    default_model     text,
    azure_deployment  text,
    azure_api_version text,
    removed           boolean NOT NULL DEFAULT false,
    last_sequence     bigint  NOT NULL,
    CONSTRAINT ai_service_pk PRIMARY KEY (ai_service_id),
    CONSTRAINT ai_service_kind_check CHECK (kind IN ('OPENAI', 'AZURE_OPENAI', 'LM_STUDIO', 'CUSTOM'))
);

CREATE INDEX ai_service_tenant_idx ON ai_service (tenant_id);

-- Which service a tenant's requests go to, and which takes over when it fails before its first byte.
-- last_sequence is the catalogue aggregate's sequence, shared with ai_service rows of the same tenant.
CREATE TABLE ai_routing (
    tenant_id           text   NOT NULL,
    active_service_id   uuid,
    fallback_service_id uuid,
    last_sequence       bigint NOT NULL,
    CONSTRAINT ai_routing_pk PRIMARY KEY (tenant_id)
);

-- Axon's JDBC token store (PostgresTokenTableFactory's layout): where this service's tracking processor stands in
-- the shared event store. Axon infrastructure, so it has no tenant_id.
CREATE TABLE tokenentry (
    processorname varchar(255) NOT NULL,
    segment       integer      NOT NULL,
    token         bytea,
    tokentype     varchar(255),
    timestamp     varchar(255),
    owner         varchar(255),
    CONSTRAINT tokenentry_pk PRIMARY KEY (processorname, segment)
);
