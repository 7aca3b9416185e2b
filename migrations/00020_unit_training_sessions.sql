-- +goose Up
-- The unit view's trainings: per unit of a programme, each session its
-- people are on the list of, with the session's training, group and days,
-- and how many of the unit's people were present on at least one day.
-- Kept by triggers, in the writing statement's transaction, on attendance,
-- on persons (a person moving to another unit), on session days (days and
-- half days) and on sessions (training, group number): the page reads the
-- unit's rows through one index instead of scanning its people's
-- attendance. `kaizen recompute --check` compares it with the evidence
-- (store.CheckUnitTrainings); `kaizen recompute` repairs it.
CREATE TABLE unit_training_sessions (
    programme_id bigint NOT NULL,
    unit_id      bigint NOT NULL,
    session_id   bigint NOT NULL,
    training_id  bigint NOT NULL,
    group_no     integer NOT NULL,
    first_day    date NOT NULL,
    days         integer NOT NULL,
    group_days   numeric NOT NULL, -- a half day counts 0.5
    people       integer NOT NULL CHECK (people >= 0)
);

-- Recounts the rows of the given sessions from the evidence, writing only
-- the rows that change. The sessions are locked first, in id order (as a
-- change of the attendance grid and of a session's evidence flag lock
-- them), and the recount reads after the lock: a grid saved while a person
-- moves to another unit is counted with both changes, whichever commits
-- first.
-- +goose StatementBegin
CREATE FUNCTION unit_training_sessions_recount(sessions bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM training_sessions s WHERE s.id = ANY (sessions) ORDER BY s.id FOR UPDATE;
    WITH counted AS (
        SELECT pe.programme_id, pe.unit_id, x.session_id, (count(*) FILTER (WHERE x.present))::integer AS people
        FROM (SELECT a.session_id, a.person_id, bool_or(a.present) AS present
              FROM attendance a WHERE a.session_id = ANY (sessions) GROUP BY a.session_id, a.person_id) x
        JOIN persons pe ON pe.id = x.person_id
        GROUP BY pe.programme_id, pe.unit_id, x.session_id),
    fresh AS (
        SELECT c.programme_id, c.unit_id, c.session_id, s.training_id, s.group_no, d.first_day, d.days, d.group_days, c.people
        FROM counted c JOIN training_sessions s ON s.id = c.session_id
        JOIN LATERAL (SELECT min(sd.day) AS first_day, count(*)::integer AS days, sum(CASE WHEN sd.half THEN 0.5 ELSE 1 END) AS group_days
            FROM session_days sd WHERE sd.session_id = c.session_id) d ON true),
    gone AS (
        DELETE FROM unit_training_sessions u WHERE u.session_id = ANY (sessions)
            AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.programme_id = u.programme_id AND f.unit_id = u.unit_id AND f.session_id = u.session_id))
    INSERT INTO unit_training_sessions AS u (programme_id, unit_id, session_id, training_id, group_no, first_day, days, group_days, people)
    SELECT programme_id, unit_id, session_id, training_id, group_no, first_day, days, group_days, people FROM fresh
    ON CONFLICT (programme_id, unit_id, session_id) DO UPDATE SET training_id = EXCLUDED.training_id, group_no = EXCLUDED.group_no,
        first_day = EXCLUDED.first_day, days = EXCLUDED.days, group_days = EXCLUDED.group_days, people = EXCLUDED.people
    WHERE (u.training_id, u.group_no, u.first_day, u.days, u.group_days, u.people)
        IS DISTINCT FROM (EXCLUDED.training_id, EXCLUDED.group_no, EXCLUDED.first_day, EXCLUDED.days, EXCLUDED.group_days, EXCLUDED.people);
END;
$$;
-- +goose StatementEnd

-- What a statement changed, as the sessions to recount: attendance (a
-- cell, a grid, an import, a merge of two persons, a day or a session
-- removed), a person's unit, a session's days or half days, a session's
-- training or group number. Other changes (attendance entered, the
-- evidence flag, a person's name) recount nothing. A person with
-- attendance cannot be deleted (attendance refers to them; a merge moves
-- it first), so deleting persons needs no trigger.
-- +goose StatementBegin
CREATE FUNCTION unit_training_sessions_touched() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    sessions bigint[];
BEGIN
    IF TG_TABLE_NAME = 'attendance' THEN
        IF TG_OP = 'INSERT' THEN
            SELECT array_agg(DISTINCT n.session_id) INTO sessions FROM new_rows n;
        ELSIF TG_OP = 'DELETE' THEN
            SELECT array_agg(DISTINCT o.session_id) INTO sessions FROM old_rows o;
        ELSE
            SELECT array_agg(DISTINCT x.session_id) INTO sessions FROM (SELECT n.session_id FROM new_rows n UNION ALL SELECT o.session_id FROM old_rows o) x;
        END IF;
    ELSIF TG_TABLE_NAME = 'persons' THEN
        SELECT array_agg(DISTINCT a.session_id) INTO sessions
        FROM new_rows n JOIN old_rows o ON o.id = n.id JOIN attendance a ON a.person_id = n.id
        WHERE n.unit_id IS DISTINCT FROM o.unit_id;
    ELSIF TG_TABLE_NAME = 'session_days' THEN
        IF TG_OP = 'INSERT' THEN
            SELECT array_agg(DISTINCT n.session_id) INTO sessions FROM new_rows n;
        ELSIF TG_OP = 'DELETE' THEN
            SELECT array_agg(DISTINCT o.session_id) INTO sessions FROM old_rows o;
        ELSE
            SELECT array_agg(DISTINCT COALESCE(n.session_id, o.session_id)) INTO sessions
            FROM new_rows n FULL JOIN old_rows o ON o.session_id = n.session_id AND o.day = n.day
            WHERE n.day IS NULL OR o.day IS NULL OR n.half IS DISTINCT FROM o.half;
        END IF;
        -- only sessions someone is on the list of have rows
        SELECT array_agg(s) INTO sessions FROM unnest(sessions) s WHERE EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = s)
            OR EXISTS (SELECT 1 FROM unit_training_sessions u WHERE u.session_id = s);
    ELSE -- training_sessions
        SELECT array_agg(n.id) INTO sessions FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE n.training_id IS DISTINCT FROM o.training_id OR n.group_no IS DISTINCT FROM o.group_no;
    END IF;
    IF sessions IS NOT NULL THEN
        PERFORM unit_training_sessions_recount(sessions);
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- The existing evidence, in one pass: each person once per session
-- (present on any day), counted per unit, then the sessions' training and
-- days. Indexes and the key come after the rows; the hash tables of 5
-- million attendance rows fit in memory (SET LOCAL: until the migration's
-- COMMIT). National data (5 million attendance rows): 232,242 rows.
SET LOCAL work_mem = '256MB';
INSERT INTO unit_training_sessions (programme_id, unit_id, session_id, training_id, group_no, first_day, days, group_days, people)
WITH counted AS (
    SELECT pe.programme_id, pe.unit_id, x.session_id, (count(*) FILTER (WHERE x.present))::integer AS people
    FROM (SELECT a.session_id, a.person_id, bool_or(a.present) AS present FROM attendance a GROUP BY a.session_id, a.person_id) x
    JOIN persons pe ON pe.id = x.person_id
    GROUP BY pe.programme_id, pe.unit_id, x.session_id)
SELECT c.programme_id, c.unit_id, c.session_id, s.training_id, s.group_no, d.first_day, d.days, d.group_days, c.people
FROM counted c JOIN training_sessions s ON s.id = c.session_id
JOIN (SELECT sd.session_id, min(sd.day) AS first_day, count(*)::integer AS days, sum(CASE WHEN sd.half THEN 0.5 ELSE 1 END) AS group_days
      FROM session_days sd GROUP BY sd.session_id) d ON d.session_id = c.session_id;

-- The unit's page reads its rows from the key alone (an index-only scan).
ALTER TABLE unit_training_sessions ADD PRIMARY KEY (programme_id, unit_id, session_id)
    INCLUDE (first_day, training_id, group_no, days, group_days, people);
ALTER TABLE unit_training_sessions ADD FOREIGN KEY (session_id) REFERENCES training_sessions (id) ON DELETE CASCADE;
CREATE INDEX unit_training_sessions_session_idx ON unit_training_sessions (session_id);

CREATE TRIGGER attendance_unit_sessions_ins AFTER INSERT ON attendance REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION unit_training_sessions_touched();
CREATE TRIGGER attendance_unit_sessions_upd AFTER UPDATE ON attendance REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION unit_training_sessions_touched();
CREATE TRIGGER attendance_unit_sessions_del AFTER DELETE ON attendance REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION unit_training_sessions_touched();
CREATE TRIGGER persons_unit_sessions_upd AFTER UPDATE ON persons REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION unit_training_sessions_touched();
CREATE TRIGGER session_days_unit_sessions_ins AFTER INSERT ON session_days REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION unit_training_sessions_touched();
CREATE TRIGGER session_days_unit_sessions_upd AFTER UPDATE ON session_days REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION unit_training_sessions_touched();
CREATE TRIGGER session_days_unit_sessions_del AFTER DELETE ON session_days REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION unit_training_sessions_touched();
CREATE TRIGGER training_sessions_unit_sessions_upd AFTER UPDATE ON training_sessions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION unit_training_sessions_touched();

-- A unit's consultations and products in one programme (the unit view; a
-- big city's unit takes part in many programmes): the unit's index also
-- holds the programme.
CREATE INDEX consultations_unit_programme_idx ON consultations (unit_id, programme_id);
DROP INDEX consultations_unit_idx;
CREATE INDEX unit_products_unit_programme_idx ON unit_products (unit_id, programme_id);
DROP INDEX unit_products_unit_idx;

-- +goose Down
CREATE INDEX unit_products_unit_idx ON unit_products (unit_id);
DROP INDEX unit_products_unit_programme_idx;
CREATE INDEX consultations_unit_idx ON consultations (unit_id);
DROP INDEX consultations_unit_programme_idx;
DROP TRIGGER training_sessions_unit_sessions_upd ON training_sessions;
DROP TRIGGER session_days_unit_sessions_del ON session_days;
DROP TRIGGER session_days_unit_sessions_upd ON session_days;
DROP TRIGGER session_days_unit_sessions_ins ON session_days;
DROP TRIGGER persons_unit_sessions_upd ON persons;
DROP TRIGGER attendance_unit_sessions_del ON attendance;
DROP TRIGGER attendance_unit_sessions_upd ON attendance;
DROP TRIGGER attendance_unit_sessions_ins ON attendance;
DROP FUNCTION unit_training_sessions_touched();
DROP FUNCTION unit_training_sessions_recount(bigint[]);
DROP TABLE unit_training_sessions;
