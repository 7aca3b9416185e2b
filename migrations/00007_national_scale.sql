-- +goose Up

-- What a national data set (kaizen gen: a million participants, 200,000
-- sessions) needs to stay fast.

-- A unit's participants in one programme (the session page offers the
-- people of the session's units; a big city takes part in many programmes).
CREATE INDEX persons_unit_programme_idx ON persons (unit_id, programme_id);
DROP INDEX persons_unit_idx;

-- Whether a training session's evidence is complete: it has days, each
-- with attendance entered and a scan of the signed list. The same rule as
-- store.SessionSummary.Complete; kept by triggers so that the start page
-- finds incomplete sessions through a small partial index even with
-- hundreds of thousands of sessions.
ALTER TABLE training_sessions ADD COLUMN evidence_complete boolean NOT NULL DEFAULT false;

-- +goose StatementBegin
CREATE FUNCTION session_evidence_complete(sid bigint) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM session_days d WHERE d.session_id = sid)
       AND NOT EXISTS (SELECT 1 FROM session_days d WHERE d.session_id = sid
                       AND (d.attendance_entered_at IS NULL
                            OR NOT EXISTS (SELECT 1 FROM session_scans c WHERE c.session_id = d.session_id AND c.day = d.day)))
$$;
-- +goose StatementEnd

-- The sessions' rows are locked first, in id order: two transactions
-- changing the same session's days or scans then recompute one after the
-- other, the second (a new statement, so a new snapshot) seeing what the
-- first committed; neither leaves a flag computed without the other's change.
-- +goose StatementBegin
CREATE FUNCTION session_evidence_refresh(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM training_sessions WHERE id = ANY(ids) ORDER BY id FOR UPDATE;
    UPDATE training_sessions s SET evidence_complete = session_evidence_complete(s.id)
    WHERE s.id = ANY(ids) AND s.evidence_complete IS DISTINCT FROM session_evidence_complete(s.id);
END;
$$;
-- +goose StatementEnd

-- Statement-level triggers with transition tables: one update per session
-- a statement touched, however many days or scans it changed.
-- +goose StatementBegin
CREATE FUNCTION session_evidence_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM session_evidence_refresh(ARRAY(SELECT DISTINCT session_id FROM new_rows));
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION session_evidence_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM session_evidence_refresh(ARRAY(SELECT DISTINCT session_id FROM old_rows));
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION session_evidence_both() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM session_evidence_refresh(ARRAY(SELECT session_id FROM old_rows UNION SELECT session_id FROM new_rows));
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER session_days_evidence_ins AFTER INSERT ON session_days REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION session_evidence_new();
CREATE TRIGGER session_days_evidence_upd AFTER UPDATE ON session_days REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION session_evidence_both();
CREATE TRIGGER session_days_evidence_del AFTER DELETE ON session_days REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION session_evidence_old();
CREATE TRIGGER session_scans_evidence_ins AFTER INSERT ON session_scans REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION session_evidence_new();
CREATE TRIGGER session_scans_evidence_upd AFTER UPDATE ON session_scans REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION session_evidence_both();
CREATE TRIGGER session_scans_evidence_del AFTER DELETE ON session_scans REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION session_evidence_old();

UPDATE training_sessions SET evidence_complete = session_evidence_complete(id);

CREATE INDEX training_sessions_incomplete_idx ON training_sessions (programme_id, id) WHERE NOT evidence_complete;

-- +goose Down
DROP TRIGGER session_scans_evidence_del ON session_scans;
DROP TRIGGER session_scans_evidence_upd ON session_scans;
DROP TRIGGER session_scans_evidence_ins ON session_scans;
DROP TRIGGER session_days_evidence_del ON session_days;
DROP TRIGGER session_days_evidence_upd ON session_days;
DROP TRIGGER session_days_evidence_ins ON session_days;
DROP FUNCTION session_evidence_both();
DROP FUNCTION session_evidence_old();
DROP FUNCTION session_evidence_new();
DROP FUNCTION session_evidence_refresh(bigint[]);
DROP FUNCTION session_evidence_complete(bigint);
DROP INDEX training_sessions_incomplete_idx;
ALTER TABLE training_sessions DROP COLUMN evidence_complete;
CREATE INDEX persons_unit_idx ON persons (unit_id);
DROP INDEX persons_unit_programme_idx;
