-- +goose Up

-- Whether a good-practice meeting's evidence is complete: a scan of its
-- attendance list and notes that state one of its days. The same rule as
-- domain.MeetingSummary's (domain.NotesContainDate); kept by triggers, as
-- training sessions' evidence_complete is (migration 00007), so that the
-- start page finds incomplete meetings through a small partial index
-- instead of reading every meeting's notes, days and scans.
ALTER TABLE meetings ADD COLUMN evidence_complete boolean NOT NULL DEFAULT false;

-- Whether notes state one of days (domain.NotesContainDate): a day written
-- as 2026-03-10, as 10.03.2026 with the day and the month each padded or
-- not, or as "10 marca 2026" (the day padded or not), with no digit right
-- before or after it. Both sides are compared with each run of digits
-- wrapped in a mark (chr(1)): a form found in the marked notes then starts
-- and ends at the edges of runs of digits, which is "no digit right before
-- or after it". The notes are lowered as Go lowers them (Ś and Ź
-- explicitly: lower() leaves them in a database with the C locale, and the
-- months' names hold them); a mark typed in the notes becomes a character
-- no form holds.
-- +goose StatementBegin
CREATE FUNCTION meeting_notes_marked(notes text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT regexp_replace(replace(lower(translate(notes, 'ŚŹ', 'śź')), chr(1), '_'), '([0-9]+)', chr(1) || '\1' || chr(1), 'g')
$$;
-- +goose StatementEnd

-- The forms of day, marked as meeting_notes_marked marks the notes.
-- +goose StatementBegin
CREATE FUNCTION meeting_day_forms(day date) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT string_to_array(regexp_replace(array_to_string(ARRAY[
        to_char(day, 'YYYY-MM-DD'), to_char(day, 'DD.MM.YYYY'), to_char(day, 'FMDD.FMMM.YYYY'), to_char(day, 'DD.FMMM.YYYY'), to_char(day, 'FMDD.MM.YYYY'),
        to_char(day, 'FMDD') || ' ' || (ARRAY['stycznia', 'lutego', 'marca', 'kwietnia', 'maja', 'czerwca', 'lipca', 'sierpnia', 'września',
            'października', 'listopada', 'grudnia'])[extract(month FROM day)::int] || ' ' || extract(year FROM day)::int,
        to_char(day, 'DD') || ' ' || (ARRAY['stycznia', 'lutego', 'marca', 'kwietnia', 'maja', 'czerwca', 'lipca', 'sierpnia', 'września',
            'października', 'listopada', 'grudnia'])[extract(month FROM day)::int] || ' ' || extract(year FROM day)::int], '|'),
        '([0-9]+)', chr(1) || '\1' || chr(1), 'g'), '|')
$$;
-- +goose StatementEnd

-- PL/pgSQL, so that the notes are marked once and the plans are kept.
-- +goose StatementBegin
CREATE FUNCTION meeting_notes_dated(notes text, days date[]) RETURNS boolean LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    marked text := meeting_notes_marked(notes);
BEGIN
    RETURN EXISTS (SELECT 1 FROM unnest(days) d, unnest(meeting_day_forms(d)) f WHERE strpos(marked, f) > 0);
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION meeting_evidence_complete(mid bigint, notes text) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM meeting_scans c WHERE c.meeting_id = mid)
       AND meeting_notes_dated(notes, ARRAY(SELECT d.day FROM meeting_days d WHERE d.meeting_id = mid));
END;
$$;
-- +goose StatementEnd

-- A meeting's own row: its notes. A new meeting has no days or scans yet
-- (they refer to it), so it is never complete.
-- +goose StatementBegin
CREATE FUNCTION meeting_evidence_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.evidence_complete := false;
    ELSE
        NEW.evidence_complete := meeting_evidence_complete(NEW.id, NEW.notes);
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd

-- Its days and scans: the meetings' rows are locked first, in id order, as
-- session_evidence_refresh does (migration 00007), so that two transactions
-- changing one meeting recompute one after the other.
-- +goose StatementBegin
CREATE FUNCTION meeting_evidence_refresh(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM meetings WHERE id = ANY(ids) ORDER BY id FOR UPDATE;
    UPDATE meetings m SET evidence_complete = meeting_evidence_complete(m.id, m.notes)
    WHERE m.id = ANY(ids) AND m.evidence_complete IS DISTINCT FROM meeting_evidence_complete(m.id, m.notes);
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION meeting_evidence_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM meeting_evidence_refresh(ARRAY(SELECT DISTINCT meeting_id FROM new_rows));
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION meeting_evidence_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM meeting_evidence_refresh(ARRAY(SELECT DISTINCT meeting_id FROM old_rows));
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION meeting_evidence_both() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM meeting_evidence_refresh(ARRAY(SELECT meeting_id FROM old_rows UNION SELECT meeting_id FROM new_rows));
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- The refresh's own update sets only the flag: it fires no row trigger.
CREATE TRIGGER meetings_evidence_ins BEFORE INSERT ON meetings FOR EACH ROW EXECUTE FUNCTION meeting_evidence_row();
CREATE TRIGGER meetings_evidence_upd BEFORE UPDATE OF notes ON meetings FOR EACH ROW EXECUTE FUNCTION meeting_evidence_row();
CREATE TRIGGER meeting_days_evidence_ins AFTER INSERT ON meeting_days REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION meeting_evidence_new();
CREATE TRIGGER meeting_days_evidence_upd AFTER UPDATE ON meeting_days REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION meeting_evidence_both();
CREATE TRIGGER meeting_days_evidence_del AFTER DELETE ON meeting_days REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION meeting_evidence_old();
CREATE TRIGGER meeting_scans_evidence_ins AFTER INSERT ON meeting_scans REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION meeting_evidence_new();
CREATE TRIGGER meeting_scans_evidence_upd AFTER UPDATE ON meeting_scans REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION meeting_evidence_both();
CREATE TRIGGER meeting_scans_evidence_del AFTER DELETE ON meeting_scans REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION meeting_evidence_old();

-- The backfill, set-based: only the complete meetings change (the rest keep
-- the default). The flag changes no indicator fact (they read the same
-- evidence), so the read model's touch trigger is left out of it: its
-- notes would have nothing to drain.
ALTER TABLE meetings DISABLE TRIGGER meetings_touch_upd;
WITH marked AS MATERIALIZED ( -- each meeting's notes marked once
    SELECT n.id, meeting_notes_marked(n.notes) AS notes FROM meetings n WHERE EXISTS (SELECT 1 FROM meeting_scans c WHERE c.meeting_id = n.id))
UPDATE meetings m SET evidence_complete = true
WHERE m.id IN (SELECT x.id FROM marked x JOIN meeting_days d ON d.meeting_id = x.id, unnest(meeting_day_forms(d.day)) f WHERE strpos(x.notes, f) > 0);
ALTER TABLE meetings ENABLE TRIGGER meetings_touch_upd;

CREATE INDEX meetings_incomplete_idx ON meetings (programme_id, id) WHERE NOT evidence_complete;

-- The start page's protocols of every programme the user sees (an
-- administrator: all of them). Its counts of current versions by status
-- read the index alone; whether a later version was accepted
-- (store.supersededNot) is answered from the few later accepted versions;
-- each list (the newest of a status) is read in its order.
CREATE INDEX protocols_programme_current_idx ON protocols (programme_id, status) INCLUDE (unit_id, series_id, version_no);
DROP INDEX protocols_programme_idx;
CREATE INDEX protocols_later_accepted_idx ON protocols (series_id, version_no) WHERE status IN ('accepted', 'accepted_remarks') AND version_no > 1;
CREATE INDEX protocols_latest_idx ON protocols (programme_id, status, (COALESCE(signed_at, submitted_at, created_at)) DESC NULLS LAST, id DESC);

-- +goose Down
DROP INDEX protocols_latest_idx;
DROP INDEX protocols_later_accepted_idx;
CREATE INDEX protocols_programme_idx ON protocols (programme_id, status);
DROP INDEX protocols_programme_current_idx;
DROP INDEX meetings_incomplete_idx;
DROP TRIGGER meeting_scans_evidence_del ON meeting_scans;
DROP TRIGGER meeting_scans_evidence_upd ON meeting_scans;
DROP TRIGGER meeting_scans_evidence_ins ON meeting_scans;
DROP TRIGGER meeting_days_evidence_del ON meeting_days;
DROP TRIGGER meeting_days_evidence_upd ON meeting_days;
DROP TRIGGER meeting_days_evidence_ins ON meeting_days;
DROP TRIGGER meetings_evidence_upd ON meetings;
DROP TRIGGER meetings_evidence_ins ON meetings;
DROP FUNCTION meeting_evidence_both();
DROP FUNCTION meeting_evidence_old();
DROP FUNCTION meeting_evidence_new();
DROP FUNCTION meeting_evidence_refresh(bigint[]);
DROP FUNCTION meeting_evidence_row();
DROP FUNCTION meeting_evidence_complete(bigint, text);
DROP FUNCTION meeting_notes_dated(text, date[]);
DROP FUNCTION meeting_day_forms(date);
DROP FUNCTION meeting_notes_marked(text);
ALTER TABLE meetings DROP COLUMN evidence_complete;
