-- +goose Up
-- The indicator read model follows the evidence structurally: every change
-- of a record an indicator rule reads notes what it touched here (by
-- trigger, so no write path can forget), the transaction helper refreshes
-- the facts of what was touched and deletes the notes before COMMIT, and a
-- deferred check refuses a COMMIT that left a note behind (a write that
-- bypassed the helper). Notes of a programme without indicators are not
-- kept: there is nothing to refresh.
CREATE UNLOGGED TABLE read_model_touches (
    tx           bigint NOT NULL DEFAULT txid_current(),
    programme_id bigint NOT NULL,
    -- the reference kind of indicator facts (unit, person, meeting,
    -- session, consultation, manual), 'indicator' (one indicator whole,
    -- ref_id its id) or 'all' (the whole programme, ref_id 0)
    ref_kind     text NOT NULL,
    ref_id       bigint NOT NULL,
    PRIMARY KEY (tx, programme_id, ref_kind, ref_id)
);

-- +goose StatementBegin
CREATE FUNCTION read_model_touched() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM read_model_touches WHERE tx = NEW.tx AND programme_id = NEW.programme_id
            AND ref_kind = NEW.ref_kind AND ref_id = NEW.ref_id) THEN
        RAISE EXCEPTION 'the indicator read model of programme % was not refreshed for % %', NEW.programme_id, NEW.ref_kind, NEW.ref_id
            USING ERRCODE = 'KZ001', HINT = 'write evidence through store.InTx';
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE CONSTRAINT TRIGGER read_model_touches_drained AFTER INSERT ON read_model_touches
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION read_model_touched();

-- touch_refs notes (programme, kind, id) rows of programmes with indicators.
-- PL/pgSQL, so that its statement's plan is kept for the session.
-- +goose StatementBegin
CREATE FUNCTION touch_refs(refs jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO read_model_touches (programme_id, ref_kind, ref_id)
    SELECT DISTINCT (r->>0)::bigint, r->>1, (r->>2)::bigint FROM jsonb_array_elements(refs) r
    WHERE EXISTS (SELECT 1 FROM indicators i WHERE i.programme_id = (r->>0)::bigint)
    ON CONFLICT DO NOTHING;
END;
$$;
-- +goose StatementEnd

-- What a changed row touches: statement-level triggers with transition
-- tables (new_rows on INSERT and UPDATE, old_rows on UPDATE and DELETE), so
-- a bulk change notes each record once.
-- touch_rows notes each changed row as a reference: TG_ARGV[0] is the kind,
-- TG_ARGV[1] the column holding the reference (the row's own id for a
-- meeting or a consultation, its unit_id for a product, person_id and
-- session_id for attendance). Columns are read by name from the row's JSON
-- form, so the statement is the same for every table and PL/pgSQL keeps its
-- plan (attendance is saved a statement per cell).
-- +goose StatementBegin
CREATE FUNCTION touch_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM indicators) THEN -- a bulk load before any indicator: nothing to note
        RETURN NULL;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO read_model_touches (programme_id, ref_kind, ref_id)
        SELECT DISTINCT p, TG_ARGV[0], r FROM (SELECT (j->>'programme_id')::bigint p, (j->>TG_ARGV[1])::bigint r FROM new_rows n, to_jsonb(n) j) x
        WHERE EXISTS (SELECT 1 FROM indicators i WHERE i.programme_id = x.p)
        ON CONFLICT DO NOTHING;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO read_model_touches (programme_id, ref_kind, ref_id)
        SELECT DISTINCT p, TG_ARGV[0], r FROM (SELECT (j->>'programme_id')::bigint p, (j->>TG_ARGV[1])::bigint r FROM old_rows o, to_jsonb(o) j) x
        WHERE EXISTS (SELECT 1 FROM indicators i WHERE i.programme_id = x.p)
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- touch_through notes the record a changed row belongs to: TG_ARGV[0] is
-- the kind, TG_ARGV[1] the table of the record (its programme_id, its id),
-- TG_ARGV[2] the column of the record's reference there, TG_ARGV[3] this
-- table's column pointing to it (a session's days, a meeting's days and
-- scans).
-- +goose StatementBegin
CREATE FUNCTION touch_through() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    refs jsonb;
    tbl  text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM indicators) THEN -- a bulk load before any indicator: nothing to note
        RETURN NULL;
    END IF;
    FOREACH tbl IN ARRAY CASE TG_OP WHEN 'INSERT' THEN ARRAY['new_rows'] WHEN 'DELETE' THEN ARRAY['old_rows'] ELSE ARRAY['old_rows', 'new_rows'] END LOOP
        EXECUTE format('SELECT jsonb_agg(DISTINCT jsonb_build_array(r.programme_id, %L, r.%I)) FROM %I r WHERE r.id IN (SELECT %I FROM %I)',
            TG_ARGV[0], TG_ARGV[2], TG_ARGV[1], TG_ARGV[3], tbl) INTO refs;
        PERFORM touch_refs(refs);
    END LOOP;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- Only accepted protocols count, and an accepted one is sealed (its items
-- too): a protocol touches its unit when it is or was accepted. Drafts,
-- submissions and their items move no fact.
-- +goose StatementBegin
CREATE FUNCTION touch_protocols() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM indicators) THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM touch_refs((SELECT jsonb_agg(DISTINCT jsonb_build_array(n.programme_id, 'unit', n.unit_id)) FROM new_rows n
            WHERE n.status IN ('accepted', 'accepted_remarks')));
    END IF;
    IF TG_OP <> 'INSERT' THEN
        PERFORM touch_refs((SELECT jsonb_agg(DISTINCT jsonb_build_array(o.programme_id, 'unit', o.unit_id)) FROM old_rows o
            WHERE o.status IN ('accepted', 'accepted_remarks')));
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- A session's training decides which indicators count its days and people
-- (a deleted session's days and attendance go by cascade, and touch).
-- +goose StatementBegin
CREATE FUNCTION touch_training_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    moved bigint[];
BEGIN
    IF NOT EXISTS (SELECT 1 FROM indicators) THEN
        RETURN NULL;
    END IF;
    -- The evidence flags (migration 00007) update sessions at every change
    -- of their days: return before reading attendance unless a session's
    -- training changed.
    SELECT array_agg(n.id) INTO moved FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.training_id IS DISTINCT FROM o.training_id;
    IF moved IS NULL THEN
        RETURN NULL;
    END IF;
    PERFORM touch_refs((SELECT jsonb_agg(jsonb_build_array(n.programme_id, 'session', n.id)) FROM new_rows n WHERE n.id = ANY (moved)));
    PERFORM touch_refs((SELECT jsonb_agg(DISTINCT jsonb_build_array(a.programme_id, 'person', a.person_id))
        FROM attendance a WHERE a.session_id = ANY (moved)));
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION touch_persons() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM indicators) THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN
        PERFORM touch_refs((SELECT jsonb_agg(jsonb_build_array(o.programme_id, 'person', o.id)) FROM old_rows o));
    ELSE -- a person counts for their unit and sex
        PERFORM touch_refs((SELECT jsonb_agg(jsonb_build_array(o.programme_id, 'person', o.id)) FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE n.unit_id IS DISTINCT FROM o.unit_id OR n.sex IS DISTINCT FROM o.sex));
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION touch_manual_values() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM indicators) THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM touch_refs((SELECT jsonb_agg(jsonb_build_array(i.programme_id, 'manual', n.id))
            FROM new_rows n JOIN indicators i ON i.id = n.indicator_id));
    END IF;
    IF TG_OP <> 'INSERT' THEN
        PERFORM touch_refs((SELECT jsonb_agg(jsonb_build_array(i.programme_id, 'manual', o.id))
            FROM old_rows o JOIN indicators i ON i.id = o.indicator_id));
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- A change of the plan (areas of tasks and trainings, the programme's dates
-- and reporting periods) may move any fact of the programme.
-- +goose StatementBegin
CREATE FUNCTION touch_programme() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM indicators) THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND TG_TABLE_NAME IN ('tasks', 'trainings') THEN -- only their area matters
        PERFORM touch_refs((SELECT jsonb_agg(DISTINCT jsonb_build_array(n.programme_id, 'all', 0)) FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE n.area IS DISTINCT FROM o.area));
        RETURN NULL;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM touch_refs((SELECT jsonb_agg(DISTINCT jsonb_build_array(n.programme_id, 'all', 0)) FROM new_rows n));
    END IF;
    IF TG_OP <> 'INSERT' THEN
        PERFORM touch_refs((SELECT jsonb_agg(DISTINCT jsonb_build_array(o.programme_id, 'all', 0)) FROM old_rows o));
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION touch_programme_dates() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM indicators) THEN
        RETURN NULL;
    END IF;
    PERFORM touch_refs((SELECT jsonb_agg(jsonb_build_array(n.id, 'all', 0)) FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE n.start_date IS DISTINCT FROM o.start_date OR n.end_date IS DISTINCT FROM o.end_date));
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER attendance_person_touch_ins AFTER INSERT ON attendance REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_rows('person', 'person_id');
CREATE TRIGGER attendance_person_touch_upd AFTER UPDATE ON attendance REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_rows('person', 'person_id');
CREATE TRIGGER attendance_person_touch_del AFTER DELETE ON attendance REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_rows('person', 'person_id');
CREATE TRIGGER attendance_session_touch_ins AFTER INSERT ON attendance REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_rows('session', 'session_id');
CREATE TRIGGER attendance_session_touch_upd AFTER UPDATE ON attendance REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_rows('session', 'session_id');
CREATE TRIGGER attendance_session_touch_del AFTER DELETE ON attendance REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_rows('session', 'session_id');

CREATE TRIGGER session_days_touch_ins AFTER INSERT ON session_days REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_through('session', 'training_sessions', 'id', 'session_id');
CREATE TRIGGER session_days_touch_upd AFTER UPDATE ON session_days REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_through('session', 'training_sessions', 'id', 'session_id');
CREATE TRIGGER session_days_touch_del AFTER DELETE ON session_days REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_through('session', 'training_sessions', 'id', 'session_id');

CREATE TRIGGER training_sessions_touch_upd AFTER UPDATE ON training_sessions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_training_sessions();

CREATE TRIGGER persons_touch_upd AFTER UPDATE ON persons REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_persons();
CREATE TRIGGER persons_touch_del AFTER DELETE ON persons REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_persons();

CREATE TRIGGER protocols_touch_ins AFTER INSERT ON protocols REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_protocols();
CREATE TRIGGER protocols_touch_upd AFTER UPDATE ON protocols REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_protocols();
CREATE TRIGGER protocols_touch_del AFTER DELETE ON protocols REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_protocols();
CREATE TRIGGER unit_products_touch_ins AFTER INSERT ON unit_products REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_rows('unit', 'unit_id');
CREATE TRIGGER unit_products_touch_del AFTER DELETE ON unit_products REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_rows('unit', 'unit_id');

CREATE TRIGGER meetings_touch_ins AFTER INSERT ON meetings REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_rows('meeting', 'id');
CREATE TRIGGER meetings_touch_upd AFTER UPDATE ON meetings REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_rows('meeting', 'id');
CREATE TRIGGER meetings_touch_del AFTER DELETE ON meetings REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_rows('meeting', 'id');
CREATE TRIGGER meeting_days_touch_ins AFTER INSERT ON meeting_days REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_through('meeting', 'meetings', 'id', 'meeting_id');
CREATE TRIGGER meeting_days_touch_upd AFTER UPDATE ON meeting_days REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_through('meeting', 'meetings', 'id', 'meeting_id');
CREATE TRIGGER meeting_days_touch_del AFTER DELETE ON meeting_days REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_through('meeting', 'meetings', 'id', 'meeting_id');
CREATE TRIGGER meeting_scans_touch_ins AFTER INSERT ON meeting_scans REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_through('meeting', 'meetings', 'id', 'meeting_id');
CREATE TRIGGER meeting_scans_touch_upd AFTER UPDATE ON meeting_scans REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_through('meeting', 'meetings', 'id', 'meeting_id');
CREATE TRIGGER meeting_scans_touch_del AFTER DELETE ON meeting_scans REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_through('meeting', 'meetings', 'id', 'meeting_id');

CREATE TRIGGER consultations_touch_ins AFTER INSERT ON consultations REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_rows('consultation', 'id');
CREATE TRIGGER consultations_touch_upd AFTER UPDATE ON consultations REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_rows('consultation', 'id');
CREATE TRIGGER consultations_touch_del AFTER DELETE ON consultations REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_rows('consultation', 'id');

CREATE TRIGGER manual_values_touch_ins AFTER INSERT ON indicator_manual_values REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_manual_values();
CREATE TRIGGER manual_values_touch_upd AFTER UPDATE ON indicator_manual_values REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_manual_values();
CREATE TRIGGER manual_values_touch_del AFTER DELETE ON indicator_manual_values REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_manual_values();

CREATE TRIGGER indicators_touch_ins AFTER INSERT ON indicators REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_rows('indicator', 'id');
CREATE TRIGGER indicators_touch_upd AFTER UPDATE ON indicators REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_rows('indicator', 'id');

CREATE TRIGGER tasks_touch_upd AFTER UPDATE ON tasks REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_programme();
CREATE TRIGGER tasks_touch_del AFTER DELETE ON tasks REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_programme();
CREATE TRIGGER trainings_touch_upd AFTER UPDATE ON trainings REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_programme();
CREATE TRIGGER trainings_touch_del AFTER DELETE ON trainings REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_programme();
CREATE TRIGGER reporting_periods_touch_ins AFTER INSERT ON reporting_periods REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_programme();
CREATE TRIGGER reporting_periods_touch_upd AFTER UPDATE ON reporting_periods REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_programme();
CREATE TRIGGER reporting_periods_touch_del AFTER DELETE ON reporting_periods REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_programme();
CREATE TRIGGER programmes_touch_upd AFTER UPDATE ON programmes REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_programme_dates();

-- +goose Down
DROP TRIGGER programmes_touch_upd ON programmes;
DROP TRIGGER reporting_periods_touch_del ON reporting_periods;
DROP TRIGGER reporting_periods_touch_upd ON reporting_periods;
DROP TRIGGER reporting_periods_touch_ins ON reporting_periods;
DROP TRIGGER trainings_touch_del ON trainings;
DROP TRIGGER trainings_touch_upd ON trainings;
DROP TRIGGER tasks_touch_del ON tasks;
DROP TRIGGER tasks_touch_upd ON tasks;
DROP TRIGGER indicators_touch_upd ON indicators;
DROP TRIGGER indicators_touch_ins ON indicators;
DROP TRIGGER manual_values_touch_del ON indicator_manual_values;
DROP TRIGGER manual_values_touch_upd ON indicator_manual_values;
DROP TRIGGER manual_values_touch_ins ON indicator_manual_values;
DROP TRIGGER consultations_touch_del ON consultations;
DROP TRIGGER consultations_touch_upd ON consultations;
DROP TRIGGER consultations_touch_ins ON consultations;
DROP TRIGGER meeting_scans_touch_del ON meeting_scans;
DROP TRIGGER meeting_scans_touch_upd ON meeting_scans;
DROP TRIGGER meeting_scans_touch_ins ON meeting_scans;
DROP TRIGGER meeting_days_touch_del ON meeting_days;
DROP TRIGGER meeting_days_touch_upd ON meeting_days;
DROP TRIGGER meeting_days_touch_ins ON meeting_days;
DROP TRIGGER meetings_touch_del ON meetings;
DROP TRIGGER meetings_touch_upd ON meetings;
DROP TRIGGER meetings_touch_ins ON meetings;
DROP TRIGGER unit_products_touch_del ON unit_products;
DROP TRIGGER unit_products_touch_ins ON unit_products;
DROP TRIGGER protocols_touch_del ON protocols;
DROP TRIGGER protocols_touch_upd ON protocols;
DROP TRIGGER protocols_touch_ins ON protocols;
DROP TRIGGER persons_touch_del ON persons;
DROP TRIGGER persons_touch_upd ON persons;
DROP TRIGGER training_sessions_touch_upd ON training_sessions;
DROP TRIGGER session_days_touch_del ON session_days;
DROP TRIGGER session_days_touch_upd ON session_days;
DROP TRIGGER session_days_touch_ins ON session_days;
DROP TRIGGER attendance_session_touch_del ON attendance;
DROP TRIGGER attendance_session_touch_upd ON attendance;
DROP TRIGGER attendance_session_touch_ins ON attendance;
DROP TRIGGER attendance_person_touch_del ON attendance;
DROP TRIGGER attendance_person_touch_upd ON attendance;
DROP TRIGGER attendance_person_touch_ins ON attendance;
DROP FUNCTION touch_programme_dates();
DROP FUNCTION touch_programme();
DROP FUNCTION touch_manual_values();
DROP FUNCTION touch_persons();
DROP FUNCTION touch_training_sessions();
DROP FUNCTION touch_protocols();
DROP FUNCTION touch_through();
DROP FUNCTION touch_rows();
DROP FUNCTION touch_refs(jsonb);
DROP TRIGGER read_model_touches_drained ON read_model_touches;
DROP FUNCTION read_model_touched();
DROP TABLE read_model_touches;
