-- last_activity_at: the newest activity worker nodes reported (terminal, files, exec, CPU); only moves forward.
-- idle_stop_at: set while an idle warning is pending, when the workspace will be stopped unless someone uses it.
-- stop_reason: why the last stop was requested (REQUESTED or IDLE); cleared by the next start.
ALTER TABLE workspace_view ADD COLUMN last_activity_at TIMESTAMPTZ;
ALTER TABLE workspace_view ADD COLUMN idle_stop_at TIMESTAMPTZ;
ALTER TABLE workspace_view ADD COLUMN stop_reason TEXT CHECK (stop_reason IN ('REQUESTED', 'IDLE'));
