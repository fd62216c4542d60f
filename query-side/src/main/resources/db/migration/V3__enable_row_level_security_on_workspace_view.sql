-- Second fence behind the tenant filter of every query: reads run as aicockpit_query_reader with the setting
-- aicockpit.tenant set for the transaction, and this policy shows that role only the tenant's rows.
-- The projection writes as the connecting user, which owns the table and is therefore not subject to the policy.
DO $$
BEGIN
    CREATE ROLE aicockpit_query_reader NOLOGIN;
EXCEPTION
    WHEN duplicate_object THEN NULL; -- roles are cluster-wide: another database or instance created it first
END
$$;

GRANT aicockpit_query_reader TO CURRENT_USER;
GRANT USAGE ON SCHEMA ${flyway:defaultSchema} TO aicockpit_query_reader;
GRANT SELECT ON workspace_view TO aicockpit_query_reader;

ALTER TABLE workspace_view ENABLE ROW LEVEL SECURITY;

CREATE POLICY workspace_view_tenant_isolation ON workspace_view
    FOR SELECT
    TO aicockpit_query_reader
    USING (tenant_id = current_setting('aicockpit.tenant', true));
