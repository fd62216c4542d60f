-- One row per tenant: the OIDC issuer whose tokens the gateway accepts for it, and the tenant's limits.
-- issuer is UNIQUE because the gateway derives the tenant from the issuer of a verified token.
CREATE TABLE tenant_idp (
    tenant_id                   text        PRIMARY KEY,
    issuer                      text        NOT NULL UNIQUE,
    audiences                   text[]      NOT NULL CHECK (cardinality(audiences) > 0),
    role_claim                  text        NOT NULL,
    role_mapping                jsonb       NOT NULL DEFAULT '{}'::jsonb,
    tenant_requests_per_minute  bigint      NOT NULL CHECK (tenant_requests_per_minute > 0),
    user_requests_per_minute    bigint      NOT NULL CHECK (user_requests_per_minute > 0),
    tenant_ai_tokens_per_minute bigint      NOT NULL CHECK (tenant_ai_tokens_per_minute > 0),
    user_ai_tokens_per_minute   bigint      NOT NULL CHECK (user_ai_tokens_per_minute > 0),
    updated_at                  timestamptz NOT NULL DEFAULT now()
);
