-- Every server listens on `schrieb_events` and reads the log when told: a statement that
-- appends events notifies once, at its transaction's commit (PostgreSQL delivers NOTIFY then,
-- and folds the notices of one transaction into one), whoever wrote (a server, the command line).
CREATE FUNCTION schrieb_events_notice() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('schrieb_events', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER thread_events_notice AFTER INSERT ON thread_events
    FOR EACH STATEMENT EXECUTE FUNCTION schrieb_events_notice();
