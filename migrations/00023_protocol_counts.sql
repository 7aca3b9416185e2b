-- +goose Up

-- How many current protocol versions each programme has in each status: a
-- version is current unless a later version of its series was accepted
-- (store.supersededNot). The start page reads these counts for every
-- programme a user sees; counting them from the protocols took 9 ms for
-- the 50 programmes of the national data (37,000 protocols, each checked
-- against its series) and is now one row per programme. A row of counters
-- and not a flag on the protocols, because signed protocols are sealed: a
-- version's being superseded cannot be written on it. One row per
-- programme, so a transaction changing protocols locks one counter row.
-- Kept by statement triggers on protocols; `kaizen recompute --check`
-- compares it with the protocols (store.CheckProtocolCounts) and
-- `kaizen recompute` rebuilds it.
CREATE TABLE protocol_counts (
    programme_id bigint PRIMARY KEY REFERENCES programmes (id) ON DELETE CASCADE,
    draft integer NOT NULL DEFAULT 0,
    submitted integer NOT NULL DEFAULT 0,
    rejected integer NOT NULL DEFAULT 0,
    accepted integer NOT NULL DEFAULT 0,
    accepted_remarks integer NOT NULL DEFAULT 0
);

-- What decides whether a version counts, and where: a version's place in
-- its series and its status.
CREATE TYPE protocol_state AS (programme_id bigint, series_id bigint, version_no integer, status text);

-- The difference, per programme and status, between the current versions
-- among after and those among before (the states of the same series before
-- and after a statement); programmes with no difference are left out.
-- +goose StatementBegin
CREATE FUNCTION protocol_counts_diff(before protocol_state[], after protocol_state[])
RETURNS TABLE (programme_id bigint, draft integer, submitted integer, rejected integer, accepted integer, accepted_remarks integer)
LANGUAGE sql STABLE AS $$
    WITH b AS (SELECT * FROM unnest(before)), a AS (SELECT * FROM unnest(after)),
    d AS (
        SELECT x.programme_id, x.status, -1 AS w FROM b x WHERE NOT EXISTS (SELECT 1 FROM b n WHERE n.series_id = x.series_id
            AND n.version_no > x.version_no AND n.status IN ('accepted', 'accepted_remarks'))
        UNION ALL
        SELECT x.programme_id, x.status, 1 FROM a x WHERE NOT EXISTS (SELECT 1 FROM a n WHERE n.series_id = x.series_id
            AND n.version_no > x.version_no AND n.status IN ('accepted', 'accepted_remarks'))
    )
    SELECT * FROM (
        SELECT d.programme_id,
            COALESCE(sum(w) FILTER (WHERE status = 'draft'), 0)::int AS draft,
            COALESCE(sum(w) FILTER (WHERE status = 'submitted'), 0)::int AS submitted,
            COALESCE(sum(w) FILTER (WHERE status = 'rejected'), 0)::int AS rejected,
            COALESCE(sum(w) FILTER (WHERE status = 'accepted'), 0)::int AS accepted,
            COALESCE(sum(w) FILTER (WHERE status = 'accepted_remarks'), 0)::int AS accepted_remarks
        FROM d GROUP BY d.programme_id) s
    WHERE (draft, submitted, rejected, accepted, accepted_remarks) <> (0, 0, 0, 0, 0)
    ORDER BY programme_id
$$;
-- +goose StatementEnd

-- The series a statement touched, before and after it: after is what the
-- table holds now; before is the same with the changed rows as they were.
-- +goose StatementBegin
CREATE FUNCTION protocol_counts_touched() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    before protocol_state[];
    after protocol_state[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        after := ARRAY(SELECT ROW(p.programme_id, p.series_id, p.version_no, p.status)::protocol_state FROM protocols p
            WHERE p.series_id IN (SELECT series_id FROM new_rows));
        before := ARRAY(SELECT ROW(p.programme_id, p.series_id, p.version_no, p.status)::protocol_state FROM protocols p
            WHERE p.series_id IN (SELECT series_id FROM new_rows) AND p.id NOT IN (SELECT id FROM new_rows));
    ELSIF TG_OP = 'UPDATE' THEN
        -- Most updates change no status, series or version (a draft's text,
        -- the optimistic version): nothing to count.
        IF NOT EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE (o.programme_id, o.series_id, o.version_no, o.status)
                IS DISTINCT FROM (n.programme_id, n.series_id, n.version_no, n.status)) THEN
            RETURN NULL;
        END IF;
        after := ARRAY(SELECT ROW(p.programme_id, p.series_id, p.version_no, p.status)::protocol_state FROM protocols p
            WHERE p.series_id IN (SELECT series_id FROM new_rows UNION SELECT series_id FROM old_rows));
        before := ARRAY(SELECT ROW(p.programme_id, p.series_id, p.version_no, p.status)::protocol_state FROM protocols p
            WHERE p.series_id IN (SELECT series_id FROM new_rows UNION SELECT series_id FROM old_rows) AND p.id NOT IN (SELECT id FROM new_rows)
            UNION ALL SELECT ROW(o.programme_id, o.series_id, o.version_no, o.status)::protocol_state FROM old_rows o);
    ELSE
        after := ARRAY(SELECT ROW(p.programme_id, p.series_id, p.version_no, p.status)::protocol_state FROM protocols p
            WHERE p.series_id IN (SELECT series_id FROM old_rows));
        before := after || ARRAY(SELECT ROW(o.programme_id, o.series_id, o.version_no, o.status)::protocol_state FROM old_rows o);
    END IF;
    IF TG_OP = 'DELETE' THEN
        -- No row is created: a programme being deleted takes its counters
        -- with it.
        UPDATE protocol_counts c SET draft = c.draft + x.draft, submitted = c.submitted + x.submitted, rejected = c.rejected + x.rejected,
            accepted = c.accepted + x.accepted, accepted_remarks = c.accepted_remarks + x.accepted_remarks
        FROM protocol_counts_diff(before, after) x WHERE x.programme_id = c.programme_id;
    ELSE
        INSERT INTO protocol_counts AS c SELECT * FROM protocol_counts_diff(before, after)
        ON CONFLICT (programme_id) DO UPDATE SET draft = c.draft + excluded.draft, submitted = c.submitted + excluded.submitted,
            rejected = c.rejected + excluded.rejected, accepted = c.accepted + excluded.accepted,
            accepted_remarks = c.accepted_remarks + excluded.accepted_remarks;
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER protocols_counts_ins AFTER INSERT ON protocols REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION protocol_counts_touched();
CREATE TRIGGER protocols_counts_upd AFTER UPDATE ON protocols REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION protocol_counts_touched();
CREATE TRIGGER protocols_counts_del AFTER DELETE ON protocols REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION protocol_counts_touched();

-- The counts as they stand (one pass; the same rule as the triggers').
INSERT INTO protocol_counts (programme_id, draft, submitted, rejected, accepted, accepted_remarks)
SELECT p.programme_id,
    count(*) FILTER (WHERE p.status = 'draft'), count(*) FILTER (WHERE p.status = 'submitted'), count(*) FILTER (WHERE p.status = 'rejected'),
    count(*) FILTER (WHERE p.status = 'accepted'), count(*) FILTER (WHERE p.status = 'accepted_remarks')
FROM protocols p WHERE NOT EXISTS (SELECT 1 FROM protocols n WHERE n.series_id = p.series_id AND n.version_no > p.version_no
    AND n.status IN ('accepted', 'accepted_remarks') AND n.version_no > 1)
GROUP BY p.programme_id;

-- +goose Down
DROP TRIGGER protocols_counts_del ON protocols;
DROP TRIGGER protocols_counts_upd ON protocols;
DROP TRIGGER protocols_counts_ins ON protocols;
DROP FUNCTION protocol_counts_touched();
DROP FUNCTION protocol_counts_diff(protocol_state[], protocol_state[]);
DROP TYPE protocol_state;
DROP TABLE protocol_counts;
