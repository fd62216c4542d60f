-- Offboarded tenants whose public topics are deleted once their grace period is over
-- (io.aicockpit.command.integration.TenantIntegrationOffboarding).
CREATE TABLE command.tenant_topic_removal (
    tenant_id    TEXT        NOT NULL PRIMARY KEY,
    delete_after TIMESTAMPTZ NOT NULL
);
