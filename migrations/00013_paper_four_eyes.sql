-- +goose Up

-- A decision signed on paper, recorded by one person of the project office
-- with the scan, waits for a second person (another coordinator or an
-- administrator) to confirm it; only the confirmation seals the protocol
-- and makes it count. Until then the protocol stays submitted ("oczekuje
-- na potwierdzenie"), so the indicator rules, which count accepted
-- protocols only, do not count it, and the confirmation's seal (an UPDATE
-- of the protocol to its decision) is what the touch triggers note.
CREATE TABLE paper_records (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    protocol_id     bigint NOT NULL REFERENCES protocols (id) ON DELETE CASCADE,
    decision        text NOT NULL CHECK (decision IN ('accepted', 'accepted_remarks', 'rejected')),
    remarks         text NOT NULL DEFAULT '' CHECK (length(remarks) <= 20000),
    signer_name     text NOT NULL CHECK (length(btrim(signer_name)) BETWEEN 1 AND 200),
    signer_role     text NOT NULL CHECK (length(btrim(signer_role)) BETWEEN 1 AND 200),
    signed_on       date NOT NULL,
    scan_file_id    bigint NOT NULL REFERENCES files (id),
    recorded_by     bigint NOT NULL REFERENCES users (id),
    recorded_by_name text NOT NULL,
    recorded_at     timestamptz NOT NULL,
    state           text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'confirmed', 'annulled')),
    confirmed_by    bigint REFERENCES users (id),
    confirmed_by_name text,
    confirmed_at    timestamptz,
    -- Four eyes: the one who confirms is never the one who recorded.
    CONSTRAINT paper_records_four_eyes CHECK (confirmed_by IS DISTINCT FROM recorded_by),
    CHECK ((state = 'confirmed') = (confirmed_by IS NOT NULL AND confirmed_at IS NOT NULL AND confirmed_by_name IS NOT NULL))
);
-- One paper record at a time waits for its confirmation.
CREATE UNIQUE INDEX paper_records_one_pending ON paper_records (protocol_id) WHERE state = 'pending';

-- The unit manager's objection to a paper record, decided by an
-- administrator: upheld (the record is annulled, the protocol waits for a
-- decision again) or dismissed.
CREATE TABLE paper_objections (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    paper_record_id bigint NOT NULL REFERENCES paper_records (id) ON DELETE CASCADE,
    reason          text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 5000),
    objected_by     bigint NOT NULL REFERENCES users (id),
    objected_by_name text NOT NULL,
    objected_at     timestamptz NOT NULL,
    state           text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'upheld', 'dismissed')),
    decided_by      bigint REFERENCES users (id),
    decided_by_name text,
    decided_at      timestamptz,
    note            text NOT NULL DEFAULT '' CHECK (length(note) <= 5000),
    CHECK ((state = 'open') = (decided_by IS NULL AND decided_at IS NULL))
);
CREATE UNIQUE INDEX paper_objections_one_open ON paper_objections (paper_record_id) WHERE state = 'open';

-- A confirmed or annulled record, and a decided objection, never change.
-- +goose StatementBegin
CREATE FUNCTION paper_records_settled() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'paper_records' AND OLD.state <> 'pending' AND (TG_OP = 'UPDATE' OR OLD.state = 'confirmed') THEN
        RAISE EXCEPTION 'paper record % is %: % refused', OLD.id, OLD.state, TG_OP USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_TABLE_NAME = 'paper_objections' AND TG_OP = 'UPDATE' AND OLD.state <> 'open' THEN
        RAISE EXCEPTION 'objection % is decided: % refused', OLD.id, TG_OP USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER paper_records_settled BEFORE UPDATE OR DELETE ON paper_records FOR EACH ROW EXECUTE FUNCTION paper_records_settled();
CREATE TRIGGER paper_objections_settled BEFORE UPDATE ON paper_objections FOR EACH ROW EXECUTE FUNCTION paper_records_settled();
CREATE TRIGGER paper_records_no_truncate BEFORE TRUNCATE ON paper_records FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();

-- The sealed protocol names who recorded the paper decision and who
-- confirmed it (part of the signed content). Paper decisions sealed before
-- this migration have neither; every new one needs both, two people.
ALTER TABLE protocols ADD COLUMN paper_recorded_by bigint REFERENCES users (id),
    ADD COLUMN paper_recorded_by_name text,
    ADD COLUMN paper_recorded_at timestamptz,
    ADD COLUMN paper_confirmed_by bigint REFERENCES users (id),
    ADD COLUMN paper_confirmed_by_name text,
    ADD COLUMN paper_confirmed_at timestamptz;
ALTER TABLE protocols ADD CONSTRAINT protocols_paper_four_eyes CHECK (method IS DISTINCT FROM 'paper'
    OR (paper_recorded_by IS NOT NULL AND paper_confirmed_by IS NOT NULL AND paper_confirmed_by <> paper_recorded_by
        AND paper_recorded_by_name IS NOT NULL AND paper_confirmed_by_name IS NOT NULL
        AND paper_recorded_at IS NOT NULL AND paper_confirmed_at IS NOT NULL)) NOT VALID;

-- +goose Down
ALTER TABLE protocols DROP CONSTRAINT protocols_paper_four_eyes;
ALTER TABLE protocols DROP COLUMN paper_confirmed_at, DROP COLUMN paper_confirmed_by_name, DROP COLUMN paper_confirmed_by,
    DROP COLUMN paper_recorded_at, DROP COLUMN paper_recorded_by_name, DROP COLUMN paper_recorded_by;
DROP TRIGGER paper_records_no_truncate ON paper_records;
DROP TRIGGER paper_objections_settled ON paper_objections;
DROP TRIGGER paper_records_settled ON paper_records;
DROP FUNCTION paper_records_settled();
DROP TABLE paper_objections;
DROP TABLE paper_records;
