-- A workspace whose container ended on its own (crash, kill, out of memory) is CRASHED; its reason is in
-- failure_reason, and failed_action stays NULL because no action failed.
ALTER TABLE workspace_view DROP CONSTRAINT workspace_view_status_check;
ALTER TABLE workspace_view ADD CONSTRAINT workspace_view_status_check
    CHECK (status IN ('PROVISIONING', 'RUNNING', 'STOPPING', 'STOPPED', 'FAILED', 'DELETING', 'DELETED', 'CRASHED'));
