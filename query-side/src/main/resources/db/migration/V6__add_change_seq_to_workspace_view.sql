-- Feeds the live status stream (GET /api/v1/workspaces/events): every insert or update of a row takes the next
-- value of one sequence, so "rows with change_seq > cursor" are the changes a client has not seen, and a
-- notification on channel aicockpit_workspace_view (payload: the tenant) wakes the streams when a write commits.
-- The projection writes from one tracking thread, one transaction after the other, so commit order follows
-- change_seq order and a cursor never skips a row committed late.
CREATE SEQUENCE workspace_view_change_seq;

ALTER TABLE workspace_view ADD COLUMN change_seq bigint;
UPDATE workspace_view SET change_seq = nextval('${flyway:defaultSchema}.workspace_view_change_seq');
ALTER TABLE workspace_view ALTER COLUMN change_seq SET NOT NULL;

CREATE INDEX workspace_view_tenant_change_idx ON workspace_view (tenant_id, change_seq);

CREATE FUNCTION workspace_view_changed() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    NEW.change_seq := nextval('${flyway:defaultSchema}.workspace_view_change_seq');
    PERFORM pg_notify('aicockpit_workspace_view', NEW.tenant_id);
    RETURN NEW;
END
$$;

CREATE TRIGGER workspace_view_change_seq
    BEFORE INSERT OR UPDATE ON workspace_view
    FOR EACH ROW EXECUTE FUNCTION workspace_view_changed();

COMMENT ON COLUMN workspace_view.change_seq IS 'position of the row''s last change in the status stream; set by trigger workspace_view_change_seq';
