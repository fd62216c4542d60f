-- Read models in other processes (query-side) poll the event store; a notification on channel
-- aicockpit_event_store when a transaction that appended events commits lets them fetch at once instead of at their
-- next poll, which then only covers a lost notification. NOTIFY is transactional: a rolled-back append sends
-- nothing, and the identical notifications of one transaction (one per insert statement) are delivered as one.
CREATE FUNCTION eventstore.domainevententry_appended() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('aicockpit_event_store', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER domainevententry_appended
    AFTER INSERT ON eventstore.domainevententry
    FOR EACH STATEMENT EXECUTE FUNCTION eventstore.domainevententry_appended();
