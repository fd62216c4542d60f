-- The second fence of V3 (workspace_view) and V13 (tenant_view) for the remaining tenant tables: reads run as
-- aicockpit_query_reader with aicockpit.tenant set for the transaction (TenantScopedReads), and these policies
-- show that role only the tenant's rows. Version 13.5 so that later features keep whole numbers.
GRANT SELECT ON ai_service_view, usage_record, container_usage_record TO aicockpit_query_reader;

ALTER TABLE ai_service_view ENABLE ROW LEVEL SECURITY;
CREATE POLICY ai_service_view_tenant_isolation ON ai_service_view
    FOR SELECT
    TO aicockpit_query_reader
    USING (tenant_id = current_setting('aicockpit.tenant', true));

ALTER TABLE usage_record ENABLE ROW LEVEL SECURITY;
CREATE POLICY usage_record_tenant_isolation ON usage_record
    FOR SELECT
    TO aicockpit_query_reader
    USING (tenant_id = current_setting('aicockpit.tenant', true));

ALTER TABLE container_usage_record ENABLE ROW LEVEL SECURITY;
CREATE POLICY container_usage_record_tenant_isolation ON container_usage_record
    FOR SELECT
    TO aicockpit_query_reader
    USING (tenant_id = current_setting('aicockpit.tenant', true));
