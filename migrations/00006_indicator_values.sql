-- +goose Up

-- A programme's own reporting periods, aligned with its payment requests;
-- without any, the periods are calendar quarters ("2026-Q1").
CREATE TABLE reporting_periods (
    programme_id bigint NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    code         text NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$'),
    starts_on    date NOT NULL,
    ends_on      date NOT NULL CHECK (ends_on >= starts_on),
    PRIMARY KEY (programme_id, code)
);

-- Values entered by hand for indicators with the manual rule: with their
-- date, evidence file, who and when.
CREATE TABLE indicator_manual_values (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    indicator_id bigint NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
    value        numeric(15, 2) NOT NULL CHECK (value <> 0 AND abs(value) <= 1000000000),
    evidence_on  date NOT NULL,
    note         text NOT NULL CHECK (length(btrim(note)) BETWEEN 1 AND 1000),
    file_id      bigint NOT NULL REFERENCES files (id),
    unit_id      bigint REFERENCES units (id),
    created_by   bigint REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX indicator_manual_values_idx ON indicator_manual_values (indicator_id);

-- The read model. A fact is one counted thing of one indicator (an
-- implementation of a task in a unit, a unit, a person, a meeting, a
-- session day, a consultation, a manual value) with the date of its
-- evidence and the period that date falls in. Facts change in the same
-- transaction as the evidence; the aggregates below follow by trigger.
CREATE TABLE indicator_facts (
    indicator_id bigint NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
    programme_id bigint NOT NULL,
    subject      text NOT NULL,
    ref_kind     text NOT NULL CHECK (ref_kind IN ('unit', 'person', 'meeting', 'session', 'consultation', 'manual')),
    ref_id       bigint NOT NULL,
    unit_id      bigint NOT NULL DEFAULT 0,
    evidence_on  date NOT NULL,
    period       text NOT NULL,
    value        numeric(15, 2) NOT NULL,
    women        integer NOT NULL DEFAULT 0,
    men          integer NOT NULL DEFAULT 0,
    flagged      integer NOT NULL DEFAULT 0,
    records      integer NOT NULL DEFAULT 1,
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (indicator_id, subject)
);
CREATE INDEX indicator_facts_ref_idx ON indicator_facts (indicator_id, ref_kind, ref_id);
CREATE INDEX indicator_facts_period_idx ON indicator_facts (indicator_id, period);
CREATE INDEX indicator_facts_unit_idx ON indicator_facts (programme_id, unit_id);

-- Per indicator and period, and per indicator, unit and period.
CREATE TABLE indicator_period_values (
    indicator_id bigint NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
    period       text NOT NULL,
    value        numeric NOT NULL DEFAULT 0,
    women        integer NOT NULL DEFAULT 0,
    men          integer NOT NULL DEFAULT 0,
    flagged      integer NOT NULL DEFAULT 0,
    records      integer NOT NULL DEFAULT 0,
    facts        integer NOT NULL DEFAULT 0,
    PRIMARY KEY (indicator_id, period)
);
CREATE TABLE indicator_unit_values (
    indicator_id bigint NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
    unit_id      bigint NOT NULL,
    period       text NOT NULL,
    value        numeric NOT NULL DEFAULT 0,
    women        integer NOT NULL DEFAULT 0,
    men          integer NOT NULL DEFAULT 0,
    flagged      integer NOT NULL DEFAULT 0,
    records      integer NOT NULL DEFAULT 0,
    facts        integer NOT NULL DEFAULT 0,
    PRIMARY KEY (indicator_id, unit_id, period)
);
CREATE INDEX indicator_unit_values_unit_idx ON indicator_unit_values (unit_id);

-- The aggregates follow the facts statement by statement (transition
-- tables): a bulk change touches each aggregate row once.
-- +goose StatementBegin
CREATE FUNCTION indicator_facts_subtract() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    WITH d AS (SELECT indicator_id, period, sum(value) v, sum(women) w, sum(men) m, sum(flagged) f, sum(records) r, count(*) n
               FROM old_rows GROUP BY indicator_id, period)
    UPDATE indicator_period_values p SET value = p.value - d.v, women = p.women - d.w, men = p.men - d.m, flagged = p.flagged - d.f,
        records = p.records - d.r, facts = p.facts - d.n
    FROM d WHERE p.indicator_id = d.indicator_id AND p.period = d.period;
    WITH d AS (SELECT indicator_id, unit_id, period, sum(value) v, sum(women) w, sum(men) m, sum(flagged) f, sum(records) r, count(*) n
               FROM old_rows GROUP BY indicator_id, unit_id, period)
    UPDATE indicator_unit_values p SET value = p.value - d.v, women = p.women - d.w, men = p.men - d.m, flagged = p.flagged - d.f,
        records = p.records - d.r, facts = p.facts - d.n
    FROM d WHERE p.indicator_id = d.indicator_id AND p.unit_id = d.unit_id AND p.period = d.period;
    DELETE FROM indicator_period_values p USING (SELECT DISTINCT indicator_id, period FROM old_rows) k
    WHERE p.indicator_id = k.indicator_id AND p.period = k.period AND p.facts = 0;
    DELETE FROM indicator_unit_values p USING (SELECT DISTINCT indicator_id, unit_id, period FROM old_rows) k
    WHERE p.indicator_id = k.indicator_id AND p.unit_id = k.unit_id AND p.period = k.period AND p.facts = 0;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION indicator_facts_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO indicator_period_values AS p (indicator_id, period, value, women, men, flagged, records, facts)
    SELECT indicator_id, period, sum(value), sum(women), sum(men), sum(flagged), sum(records), count(*)
    FROM new_rows GROUP BY indicator_id, period
    ON CONFLICT (indicator_id, period) DO UPDATE SET value = p.value + EXCLUDED.value, women = p.women + EXCLUDED.women,
        men = p.men + EXCLUDED.men, flagged = p.flagged + EXCLUDED.flagged, records = p.records + EXCLUDED.records, facts = p.facts + EXCLUDED.facts;
    INSERT INTO indicator_unit_values AS p (indicator_id, unit_id, period, value, women, men, flagged, records, facts)
    SELECT indicator_id, unit_id, period, sum(value), sum(women), sum(men), sum(flagged), sum(records), count(*)
    FROM new_rows GROUP BY indicator_id, unit_id, period
    ON CONFLICT (indicator_id, unit_id, period) DO UPDATE SET value = p.value + EXCLUDED.value, women = p.women + EXCLUDED.women,
        men = p.men + EXCLUDED.men, flagged = p.flagged + EXCLUDED.flagged, records = p.records + EXCLUDED.records, facts = p.facts + EXCLUDED.facts;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER indicator_facts_inserted AFTER INSERT ON indicator_facts REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_add();
CREATE TRIGGER indicator_facts_deleted AFTER DELETE ON indicator_facts REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_subtract();
CREATE TRIGGER indicator_facts_updated_old AFTER UPDATE ON indicator_facts REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_subtract();
CREATE TRIGGER indicator_facts_updated_new AFTER UPDATE ON indicator_facts REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_add();

-- Closed periods: the values filed with a payment request, frozen with
-- their digest. A closing is never changed; reopening (administrators,
-- with a reason) is recorded on it, and a later closing is a new row.
CREATE TABLE period_closings (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    programme_id  bigint NOT NULL REFERENCES programmes (id),
    period        text NOT NULL,
    closed_at     timestamptz NOT NULL DEFAULT now(),
    closed_by     bigint REFERENCES users (id),
    request_no    text NOT NULL DEFAULT '' CHECK (length(request_no) <= 100),
    snapshot      text NOT NULL,
    digest        text NOT NULL CHECK (digest ~ '^[0-9a-f]{64}$'),
    reopened_at   timestamptz,
    reopened_by   bigint REFERENCES users (id),
    reopen_reason text CHECK (length(btrim(reopen_reason)) BETWEEN 1 AND 1000),
    CHECK ((reopened_at IS NULL) = (reopen_reason IS NULL))
);
CREATE UNIQUE INDEX period_closings_open_idx ON period_closings (programme_id, period) WHERE reopened_at IS NULL;

-- A closing's snapshot never changes; only the reopening may be written, once.
-- +goose StatementBegin
CREATE FUNCTION period_closings_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR OLD.reopened_at IS NOT NULL
       OR NEW.snapshot IS DISTINCT FROM OLD.snapshot OR NEW.digest IS DISTINCT FROM OLD.digest
       OR NEW.period IS DISTINCT FROM OLD.period OR NEW.programme_id IS DISTINCT FROM OLD.programme_id
       OR NEW.closed_at IS DISTINCT FROM OLD.closed_at OR NEW.closed_by IS DISTINCT FROM OLD.closed_by
       OR NEW.request_no IS DISTINCT FROM OLD.request_no THEN
        RAISE EXCEPTION 'period closing % is frozen: % refused', OLD.id, TG_OP USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER period_closings_frozen BEFORE UPDATE OR DELETE ON period_closings FOR EACH ROW EXECUTE FUNCTION period_closings_frozen();
CREATE TRIGGER period_closings_no_truncate BEFORE TRUNCATE ON period_closings FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();

-- A secret per programme for pseudonyms in participant exports.
ALTER TABLE programmes ADD COLUMN pseudonym_key text NOT NULL DEFAULT encode(sha256(gen_random_uuid()::text::bytea || clock_timestamp()::text::bytea), 'hex');

-- +goose Down
ALTER TABLE programmes DROP COLUMN pseudonym_key;
DROP TABLE period_closings;
DROP FUNCTION period_closings_frozen();
DROP TABLE indicator_unit_values;
DROP TABLE indicator_period_values;
DROP TABLE indicator_facts;
DROP FUNCTION indicator_facts_subtract();
DROP FUNCTION indicator_facts_add();
DROP TABLE indicator_manual_values;
DROP TABLE reporting_periods;
