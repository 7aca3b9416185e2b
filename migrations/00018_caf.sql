-- +goose Up
-- CAF self-assessment (Common Assessment Framework): the model's reference
-- data, assessments of a unit in a programme, the self-assessment group,
-- each member's individual scoring, the group's consensus (signed by the
-- unit's manager and sealed like a protocol), the improvement plan, and the
-- per-unit results benchmarking reads.

-- A new role: a member of a unit's self-assessment group (członek zespołu
-- samooceny), bound to units like a unit manager and never a programme's
-- team member.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('admin', 'coordinator', 'expert', 'unit_manager', 'viewer', 'assessor'));

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION programme_members_role_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM users WHERE id = NEW.user_id AND role IN ('unit_manager', 'assessor')) THEN
        RAISE EXCEPTION 'a unit manager or assessor cannot be a programme member'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'programme_members_role_check', TABLE = 'programme_members';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION users_member_role_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.role IN ('unit_manager', 'assessor') AND EXISTS (SELECT 1 FROM programme_members WHERE user_id = NEW.id) THEN
        RAISE EXCEPTION 'a programme member cannot become a unit manager or assessor'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'programme_members_role_check', TABLE = 'users';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd

-- The model's editions (CAF 2020 first), criteria and sub-criteria. The
-- rows are written from the Go catalogue (domain.CAFModels) by
-- store.Migrate, and never changed once written: a later edition is added
-- beside, and old assessments keep theirs.
CREATE TABLE caf_editions (
    code text PRIMARY KEY CHECK (code ~ '^[A-Z0-9]{3,20}$'),
    name text NOT NULL
);
CREATE TABLE caf_criteria (
    edition text NOT NULL REFERENCES caf_editions (code),
    no      smallint NOT NULL CHECK (no BETWEEN 1 AND 20),
    name    text NOT NULL,
    result  boolean NOT NULL, -- results (6–9 in CAF 2020), else enablers
    PRIMARY KEY (edition, no)
);
CREATE TABLE caf_subcriteria (
    edition   text NOT NULL,
    code      text NOT NULL CHECK (code ~ '^[0-9]{1,2}\.[0-9]{1,2}$'),
    criterion smallint NOT NULL,
    position  smallint NOT NULL,
    name      text NOT NULL,
    PRIMARY KEY (edition, code),
    UNIQUE (edition, position),
    FOREIGN KEY (edition, criterion) REFERENCES caf_criteria (edition, no)
);
-- +goose StatementBegin
CREATE FUNCTION caf_reference_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'CAF reference data never changes: % of % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER caf_editions_frozen BEFORE UPDATE OR DELETE ON caf_editions FOR EACH ROW EXECUTE FUNCTION caf_reference_frozen();
CREATE TRIGGER caf_criteria_frozen BEFORE UPDATE OR DELETE ON caf_criteria FOR EACH ROW EXECUTE FUNCTION caf_reference_frozen();
CREATE TRIGGER caf_subcriteria_frozen BEFORE UPDATE OR DELETE ON caf_subcriteria FOR EACH ROW EXECUTE FUNCTION caf_reference_frozen();

-- A self-assessment of a unit in a programme: its cycle (1, 2, … in the
-- programme), edition and scoring method (classical or fine-tuned).
CREATE TABLE caf_assessments (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    programme_id bigint NOT NULL,
    unit_id      bigint NOT NULL,
    edition      text NOT NULL REFERENCES caf_editions (code),
    method       text NOT NULL CHECK (method IN ('classical', 'fine_tuned')),
    cycle        smallint NOT NULL CHECK (cycle >= 1),
    starts_on    date NOT NULL,
    ends_on      date NOT NULL,
    -- When the leader opened the consensus: individual scoring ends.
    consensus_at timestamptz,
    created_by   bigint REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    version      integer NOT NULL DEFAULT 1,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT caf_assessments_ends_on CHECK (ends_on >= starts_on),
    FOREIGN KEY (programme_id, unit_id) REFERENCES participations (programme_id, unit_id),
    CONSTRAINT caf_assessments_cycle UNIQUE (programme_id, unit_id, cycle),
    UNIQUE (programme_id, id)
);
CREATE INDEX caf_assessments_unit_idx ON caf_assessments (unit_id);

-- The self-assessment group: the unit's assessors (and its managers), one
-- of them the leader. submitted_at: the member handed in a complete scoring.
CREATE TABLE caf_members (
    assessment_id bigint NOT NULL REFERENCES caf_assessments (id) ON DELETE CASCADE,
    user_id       bigint NOT NULL REFERENCES users (id),
    leader        boolean NOT NULL DEFAULT false,
    submitted_at  timestamptz,
    added_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (assessment_id, user_id)
);
CREATE UNIQUE INDEX caf_members_leader ON caf_members (assessment_id) WHERE leader;
CREATE INDEX caf_members_user_idx ON caf_members (user_id);

-- A member's individual scoring of one sub-criterion. Classical: score
-- alone. Fine-tuned: plan/do/check/act for an enabler, trend/target for a
-- result; score is then their mean. A draft may lack the score.
CREATE TABLE caf_scores (
    assessment_id bigint NOT NULL,
    user_id       bigint NOT NULL,
    edition       text NOT NULL,
    subcriterion  text NOT NULL,
    score         numeric(4, 1) CONSTRAINT caf_scores_score CHECK (score BETWEEN 0 AND 100),
    plan          smallint CONSTRAINT caf_scores_plan CHECK (plan BETWEEN 0 AND 100),
    do_           smallint CONSTRAINT caf_scores_do CHECK (do_ BETWEEN 0 AND 100),
    check_        smallint CONSTRAINT caf_scores_check CHECK (check_ BETWEEN 0 AND 100),
    act           smallint CONSTRAINT caf_scores_act CHECK (act BETWEEN 0 AND 100),
    trend         smallint CONSTRAINT caf_scores_trend CHECK (trend BETWEEN 0 AND 100),
    target        smallint CONSTRAINT caf_scores_target CHECK (target BETWEEN 0 AND 100),
    strengths     text NOT NULL DEFAULT '' CHECK (length(strengths) <= 8000),
    improvements  text NOT NULL DEFAULT '' CHECK (length(improvements) <= 8000),
    ideas         text NOT NULL DEFAULT '' CHECK (length(ideas) <= 8000),
    evidence      text NOT NULL DEFAULT '' CHECK (length(evidence) <= 8000),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (assessment_id, user_id, subcriterion),
    FOREIGN KEY (assessment_id, user_id) REFERENCES caf_members (assessment_id, user_id) ON DELETE CASCADE,
    FOREIGN KEY (edition, subcriterion) REFERENCES caf_subcriteria (edition, code)
);
-- Files a member gives as evidence for a sub-criterion.
CREATE TABLE caf_score_files (
    assessment_id bigint NOT NULL,
    user_id       bigint NOT NULL,
    subcriterion  text NOT NULL,
    file_id       bigint NOT NULL REFERENCES files (id),
    PRIMARY KEY (assessment_id, user_id, subcriterion, file_id),
    FOREIGN KEY (assessment_id, user_id, subcriterion) REFERENCES caf_scores (assessment_id, user_id, subcriterion) ON DELETE CASCADE
);

-- Individual scoring ends when the consensus opens, and a member's
-- submitted scoring is final: the database refuses any change after.
-- +goose StatementBegin
CREATE FUNCTION caf_scoring_open() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    a bigint;
    u bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN
        a := OLD.assessment_id; u := OLD.user_id;
    ELSE
        a := NEW.assessment_id; u := NEW.user_id;
    END IF;
    IF EXISTS (SELECT 1 FROM caf_assessments WHERE id = a AND consensus_at IS NOT NULL)
       OR EXISTS (SELECT 1 FROM caf_members WHERE assessment_id = a AND user_id = u AND submitted_at IS NOT NULL) THEN
        IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM caf_members WHERE assessment_id = a AND user_id = u) THEN
            RETURN OLD; -- a member's removal cascades
        END IF;
        RAISE EXCEPTION 'scoring of assessment % by user % is closed: % refused', a, u, TG_OP
            USING ERRCODE = 'check_violation', CONSTRAINT = 'caf_scoring_closed', TABLE = TG_TABLE_NAME;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER caf_scores_open BEFORE INSERT OR UPDATE OR DELETE ON caf_scores FOR EACH ROW EXECUTE FUNCTION caf_scoring_open();
CREATE TRIGGER caf_score_files_open BEFORE INSERT OR UPDATE OR DELETE ON caf_score_files FOR EACH ROW EXECUTE FUNCTION caf_scoring_open();

-- The group's consensus: versions of one assessment's agreed scores. The
-- first version is the consensus; a later one corrects a signed version
-- (with a reason). Signed by the unit's manager: the canonical content and
-- its SHA-256 are kept, and the database refuses any change after.
CREATE TABLE caf_consensus (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    assessment_id  bigint NOT NULL REFERENCES caf_assessments (id),
    programme_id   bigint NOT NULL,
    unit_id        bigint NOT NULL,
    version_no     integer NOT NULL CHECK (version_no > 0),
    replaces_id    bigint UNIQUE REFERENCES caf_consensus (id),
    status         text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'signed')),
    reason         text NOT NULL DEFAULT '' CHECK (length(reason) <= 4000),
    -- the manager's remarks when a submitted consensus went back to the group
    remarks        text NOT NULL DEFAULT '' CHECK (length(remarks) <= 4000),
    total          numeric(4, 1),
    signer_id      bigint REFERENCES users (id),
    signer_name    text,
    signed_on      date,
    signed_at      timestamptz,
    signed_content text,
    digest         text CHECK (digest ~ '^[0-9a-f]{64}$'),
    created_by     bigint REFERENCES users (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    version        integer NOT NULL DEFAULT 1,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT caf_consensus_once UNIQUE (assessment_id, version_no),
    FOREIGN KEY (programme_id, assessment_id) REFERENCES caf_assessments (programme_id, id),
    CONSTRAINT caf_consensus_reason CHECK (version_no = 1 OR length(btrim(reason)) > 0),
    CHECK ((status = 'signed') = (signed_at IS NOT NULL AND signed_on IS NOT NULL AND digest IS NOT NULL
        AND signed_content IS NOT NULL AND signer_name IS NOT NULL AND total IS NOT NULL))
);
-- One version in work at a time.
CREATE UNIQUE INDEX caf_consensus_open ON caf_consensus (assessment_id) WHERE status <> 'signed';
CREATE INDEX caf_consensus_programme_idx ON caf_consensus (programme_id, unit_id);

CREATE TABLE caf_consensus_scores (
    consensus_id  bigint NOT NULL REFERENCES caf_consensus (id) ON DELETE CASCADE,
    edition       text NOT NULL,
    subcriterion  text NOT NULL,
    score         numeric(4, 1) CONSTRAINT caf_consensus_scores_score CHECK (score BETWEEN 0 AND 100),
    plan          smallint CHECK (plan BETWEEN 0 AND 100),
    do_           smallint CHECK (do_ BETWEEN 0 AND 100),
    check_        smallint CHECK (check_ BETWEEN 0 AND 100),
    act           smallint CHECK (act BETWEEN 0 AND 100),
    trend         smallint CHECK (trend BETWEEN 0 AND 100),
    target        smallint CHECK (target BETWEEN 0 AND 100),
    justification text NOT NULL DEFAULT '' CHECK (length(justification) <= 8000),
    strengths     text NOT NULL DEFAULT '' CHECK (length(strengths) <= 16000),
    improvements  text NOT NULL DEFAULT '' CHECK (length(improvements) <= 16000),
    PRIMARY KEY (consensus_id, subcriterion),
    FOREIGN KEY (edition, subcriterion) REFERENCES caf_subcriteria (edition, code)
);

-- +goose StatementBegin
CREATE FUNCTION caf_consensus_sealed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'signed' THEN
        RAISE EXCEPTION 'consensus % is signed: % refused', OLD.id, TG_OP USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER caf_consensus_sealed BEFORE UPDATE OR DELETE ON caf_consensus FOR EACH ROW EXECUTE FUNCTION caf_consensus_sealed();
CREATE TRIGGER caf_consensus_no_truncate BEFORE TRUNCATE ON caf_consensus FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
-- +goose StatementBegin
CREATE FUNCTION caf_consensus_scores_sealed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    cid bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN
        cid := OLD.consensus_id;
    ELSE
        cid := NEW.consensus_id;
    END IF;
    IF EXISTS (SELECT 1 FROM caf_consensus WHERE id = cid AND status = 'signed')
       OR (TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM caf_consensus WHERE id = OLD.consensus_id AND status = 'signed')) THEN
        RAISE EXCEPTION 'consensus % is signed: % of its scores refused', cid, TG_OP USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER caf_consensus_scores_sealed BEFORE INSERT OR UPDATE OR DELETE ON caf_consensus_scores FOR EACH ROW EXECUTE FUNCTION caf_consensus_scores_sealed();
CREATE TRIGGER caf_consensus_scores_no_truncate BEFORE TRUNCATE ON caf_consensus_scores FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();

-- Benchmarking's read model: for each unit of a programme, its latest
-- signed consensus (the highest cycle, its latest signed version): the
-- total and each criterion's mean. Kept by trigger as a consensus is signed.
CREATE TABLE caf_unit_results (
    programme_id  bigint NOT NULL,
    unit_id       bigint NOT NULL,
    assessment_id bigint NOT NULL REFERENCES caf_assessments (id),
    consensus_id  bigint NOT NULL REFERENCES caf_consensus (id),
    cycle         smallint NOT NULL,
    signed_on     date NOT NULL,
    total         numeric(4, 1) NOT NULL,
    criteria      numeric(4, 1)[] NOT NULL, -- criterion n at index n
    PRIMARY KEY (programme_id, unit_id)
);
-- +goose StatementBegin
CREATE FUNCTION caf_consensus_signed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    cyc smallint;
    crit numeric(4, 1)[];
BEGIN
    IF NEW.status <> 'signed' OR OLD.status = 'signed' THEN
        RETURN NULL;
    END IF;
    SELECT a.cycle INTO cyc FROM caf_assessments a WHERE a.id = NEW.assessment_id;
    SELECT array_agg(m ORDER BY no) INTO crit FROM (
        SELECT c.no, round(avg(s.score), 1) m FROM caf_criteria c
        JOIN caf_subcriteria sc ON sc.edition = c.edition AND sc.criterion = c.no
        JOIN caf_consensus_scores s ON s.consensus_id = NEW.id AND s.subcriterion = sc.code AND s.edition = sc.edition
        GROUP BY c.no) x;
    INSERT INTO caf_unit_results AS r (programme_id, unit_id, assessment_id, consensus_id, cycle, signed_on, total, criteria)
    VALUES (NEW.programme_id, NEW.unit_id, NEW.assessment_id, NEW.id, cyc, NEW.signed_on, NEW.total, crit)
    ON CONFLICT (programme_id, unit_id) DO UPDATE SET assessment_id = EXCLUDED.assessment_id, consensus_id = EXCLUDED.consensus_id,
        cycle = EXCLUDED.cycle, signed_on = EXCLUDED.signed_on, total = EXCLUDED.total, criteria = EXCLUDED.criteria
        WHERE r.cycle <= EXCLUDED.cycle;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER caf_consensus_signed AFTER UPDATE ON caf_consensus FOR EACH ROW EXECUTE FUNCTION caf_consensus_signed();

-- A unit's consent to be named to other units in benchlearning (given or
-- withdrawn by its manager).
CREATE TABLE caf_named_units (
    programme_id bigint NOT NULL,
    unit_id      bigint NOT NULL,
    given_by     bigint REFERENCES users (id),
    given_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (programme_id, unit_id),
    FOREIGN KEY (programme_id, unit_id) REFERENCES participations (programme_id, unit_id)
);

-- The version of each programme's benchmarking data (its units' results,
-- names, kinds and consents): bumped by trigger whenever any of them
-- changes, so that a computed benchmark can be kept in memory and reused
-- while its version holds (store.CAFBenchmark).
CREATE TABLE caf_bench_versions (
    programme_id bigint PRIMARY KEY,
    version      bigint NOT NULL DEFAULT 1
);
-- +goose StatementBegin
CREATE FUNCTION caf_bench_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'units' THEN
        INSERT INTO caf_bench_versions AS v (programme_id)
        SELECT DISTINCT r.programme_id FROM caf_unit_results r JOIN new_rows n ON n.id = r.unit_id
        ON CONFLICT (programme_id) DO UPDATE SET version = v.version + 1;
        RETURN NULL;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO caf_bench_versions AS v (programme_id) SELECT DISTINCT programme_id FROM new_rows
        ON CONFLICT (programme_id) DO UPDATE SET version = v.version + 1;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO caf_bench_versions AS v (programme_id) SELECT DISTINCT programme_id FROM old_rows
        ON CONFLICT (programme_id) DO UPDATE SET version = v.version + 1;
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER caf_unit_results_bump_ins AFTER INSERT ON caf_unit_results REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION caf_bench_bump();
CREATE TRIGGER caf_unit_results_bump_upd AFTER UPDATE ON caf_unit_results REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION caf_bench_bump();
CREATE TRIGGER caf_unit_results_bump_del AFTER DELETE ON caf_unit_results REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION caf_bench_bump();
CREATE TRIGGER caf_named_units_bump_ins AFTER INSERT ON caf_named_units REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION caf_bench_bump();
CREATE TRIGGER caf_named_units_bump_del AFTER DELETE ON caf_named_units REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION caf_bench_bump();
CREATE TRIGGER units_caf_bench_bump AFTER UPDATE ON units REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION caf_bench_bump();

-- The improvement plan: actions from the assessment's areas for
-- improvement. Priority comes from impact and effort (1–3 each).
CREATE TABLE caf_actions (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    programme_id  bigint NOT NULL,
    unit_id       bigint NOT NULL,
    assessment_id bigint NOT NULL,
    edition       text NOT NULL,
    subcriterion  text,
    title         text NOT NULL CONSTRAINT caf_actions_title CHECK (length(btrim(title)) BETWEEN 1 AND 300),
    description   text NOT NULL DEFAULT '' CHECK (length(description) <= 8000),
    owner         text NOT NULL CONSTRAINT caf_actions_owner CHECK (length(btrim(owner)) BETWEEN 1 AND 200),
    starts_on     date NOT NULL,
    ends_on       date NOT NULL,
    impact        smallint NOT NULL CONSTRAINT caf_actions_impact CHECK (impact BETWEEN 1 AND 3),
    effort        smallint NOT NULL CONSTRAINT caf_actions_effort CHECK (effort BETWEEN 1 AND 3),
    status        text NOT NULL DEFAULT 'planned' CONSTRAINT caf_actions_status CHECK (status IN ('planned', 'in_progress', 'done', 'dropped')),
    done_on       date,
    task_id       bigint,
    practice_id   bigint,
    created_by    bigint REFERENCES users (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    version       integer NOT NULL DEFAULT 1,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT caf_actions_ends_on CHECK (ends_on >= starts_on),
    CONSTRAINT caf_actions_done_on CHECK ((status = 'done') = (done_on IS NOT NULL)),
    FOREIGN KEY (programme_id, assessment_id) REFERENCES caf_assessments (programme_id, id),
    FOREIGN KEY (edition, subcriterion) REFERENCES caf_subcriteria (edition, code),
    FOREIGN KEY (programme_id, task_id) REFERENCES tasks (programme_id, id),
    FOREIGN KEY (programme_id, practice_id) REFERENCES good_practices (programme_id, id)
);
CREATE INDEX caf_actions_assessment_idx ON caf_actions (assessment_id);
CREATE INDEX caf_actions_unit_idx ON caf_actions (programme_id, unit_id);

-- The read model: a consensus touches its unit (the CAF rules count units
-- and their totals); an action touches itself.
ALTER TABLE indicator_facts DROP CONSTRAINT indicator_facts_ref_kind_check;
ALTER TABLE indicator_facts ADD CONSTRAINT indicator_facts_ref_kind_check
    CHECK (ref_kind IN ('unit', 'person', 'meeting', 'session', 'consultation', 'manual', 'caf_action'));
ALTER TABLE indicators DROP CONSTRAINT indicators_rule_check;
ALTER TABLE indicators ADD CONSTRAINT indicators_rule_check CHECK (rule IN ('accepted_protocols', 'accepted_products',
    'units_with_accepted_protocol', 'meetings_complete', 'persons_trained', 'training_days', 'consultation_days', 'satisfaction_change', 'manual',
    'caf_units_assessed', 'caf_total_change', 'caf_actions_done'));
CREATE TRIGGER caf_consensus_touch_ins AFTER INSERT ON caf_consensus REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_rows('unit', 'unit_id');
CREATE TRIGGER caf_consensus_touch_upd AFTER UPDATE ON caf_consensus REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_rows('unit', 'unit_id');
CREATE TRIGGER caf_consensus_touch_del AFTER DELETE ON caf_consensus REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_rows('unit', 'unit_id');
CREATE TRIGGER caf_actions_touch_ins AFTER INSERT ON caf_actions REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_rows('caf_action', 'id');
CREATE TRIGGER caf_actions_touch_upd AFTER UPDATE ON caf_actions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_rows('caf_action', 'id');
CREATE TRIGGER caf_actions_touch_del AFTER DELETE ON caf_actions REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_rows('caf_action', 'id');

-- The audit trail of CAF records follows the programme's scope: entries
-- are keyed by their assessment ("assessment/…").
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION audit_entry_programme(entity text, entity_id text) RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT CASE
        WHEN entity_id !~ '^[0-9]{1,18}(/.*)?$' THEN NULL
        WHEN entity IN ('programme', 'participation', 'period') THEN split_part(entity_id, '/', 1)::bigint
        WHEN entity IN ('training_session', 'attendance', 'session_scan') THEN
            (SELECT programme_id FROM training_sessions WHERE id = split_part(entity_id, '/', 1)::bigint)
        WHEN entity = 'consultation' THEN (SELECT programme_id FROM consultations WHERE id = entity_id::bigint)
        WHEN entity IN ('meeting', 'meeting_scan') THEN (SELECT programme_id FROM meetings WHERE id = entity_id::bigint)
        WHEN entity = 'good_practice' THEN (SELECT programme_id FROM good_practices WHERE id = entity_id::bigint)
        WHEN entity IN ('indicator', 'indicator_value') THEN (SELECT programme_id FROM indicators WHERE id = entity_id::bigint)
        WHEN entity = 'person' THEN (SELECT programme_id FROM persons WHERE id = entity_id::bigint)
        WHEN entity = 'protocol' THEN (SELECT programme_id FROM protocols WHERE id = entity_id::bigint)
        WHEN entity = 'task' THEN (SELECT programme_id FROM tasks WHERE id = entity_id::bigint)
        WHEN entity = 'training' THEN (SELECT programme_id FROM trainings WHERE id = entity_id::bigint)
        WHEN entity IN ('unit_product', 'unit_product_file') THEN (SELECT programme_id FROM unit_products WHERE id = entity_id::bigint)
        WHEN entity = 'programme_member' THEN split_part(entity_id, '/', 1)::bigint
        WHEN entity = 'questionnaire' THEN (SELECT programme_id FROM questionnaires WHERE id = entity_id::bigint)
        WHEN entity IN ('survey_wave', 'survey_response', 'survey_batch', 'survey_second_keying', 'survey_invitations') THEN
            (SELECT programme_id FROM survey_waves WHERE id = split_part(entity_id, '/', 1)::bigint)
        WHEN entity IN ('caf_assessment', 'caf_member', 'caf_score', 'caf_consensus', 'caf_action') THEN
            (SELECT programme_id FROM caf_assessments WHERE id = split_part(entity_id, '/', 1)::bigint)
        WHEN entity = 'caf_named_unit' THEN split_part(entity_id, '/', 1)::bigint
    END
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION audit_entry_programme(entity text, entity_id text) RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT CASE
        WHEN entity_id !~ '^[0-9]{1,18}(/.*)?$' THEN NULL
        WHEN entity IN ('programme', 'participation', 'period') THEN split_part(entity_id, '/', 1)::bigint
        WHEN entity IN ('training_session', 'attendance', 'session_scan') THEN
            (SELECT programme_id FROM training_sessions WHERE id = split_part(entity_id, '/', 1)::bigint)
        WHEN entity = 'consultation' THEN (SELECT programme_id FROM consultations WHERE id = entity_id::bigint)
        WHEN entity IN ('meeting', 'meeting_scan') THEN (SELECT programme_id FROM meetings WHERE id = entity_id::bigint)
        WHEN entity = 'good_practice' THEN (SELECT programme_id FROM good_practices WHERE id = entity_id::bigint)
        WHEN entity IN ('indicator', 'indicator_value') THEN (SELECT programme_id FROM indicators WHERE id = entity_id::bigint)
        WHEN entity = 'person' THEN (SELECT programme_id FROM persons WHERE id = entity_id::bigint)
        WHEN entity = 'protocol' THEN (SELECT programme_id FROM protocols WHERE id = entity_id::bigint)
        WHEN entity = 'task' THEN (SELECT programme_id FROM tasks WHERE id = entity_id::bigint)
        WHEN entity = 'training' THEN (SELECT programme_id FROM trainings WHERE id = entity_id::bigint)
        WHEN entity IN ('unit_product', 'unit_product_file') THEN (SELECT programme_id FROM unit_products WHERE id = entity_id::bigint)
        WHEN entity = 'programme_member' THEN split_part(entity_id, '/', 1)::bigint
        WHEN entity = 'questionnaire' THEN (SELECT programme_id FROM questionnaires WHERE id = entity_id::bigint)
        WHEN entity IN ('survey_wave', 'survey_response', 'survey_batch', 'survey_second_keying', 'survey_invitations') THEN
            (SELECT programme_id FROM survey_waves WHERE id = split_part(entity_id, '/', 1)::bigint)
    END
$$;
-- +goose StatementEnd
DROP TRIGGER units_caf_bench_bump ON units;
DROP TABLE caf_actions, caf_bench_versions, caf_named_units, caf_unit_results, caf_consensus_scores, caf_consensus, caf_score_files, caf_scores,
    caf_members, caf_assessments, caf_subcriteria, caf_criteria, caf_editions;
DROP FUNCTION caf_bench_bump(), caf_consensus_signed(), caf_consensus_scores_sealed(), caf_consensus_sealed(), caf_scoring_open(), caf_reference_frozen();
ALTER TABLE indicators DROP CONSTRAINT indicators_rule_check;
ALTER TABLE indicators ADD CONSTRAINT indicators_rule_check CHECK (rule IN ('accepted_protocols', 'accepted_products',
    'units_with_accepted_protocol', 'meetings_complete', 'persons_trained', 'training_days', 'consultation_days', 'satisfaction_change', 'manual'));
ALTER TABLE indicator_facts DROP CONSTRAINT indicator_facts_ref_kind_check;
ALTER TABLE indicator_facts ADD CONSTRAINT indicator_facts_ref_kind_check
    CHECK (ref_kind IN ('unit', 'person', 'meeting', 'session', 'consultation', 'manual'));
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION programme_members_role_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM users WHERE id = NEW.user_id AND role = 'unit_manager') THEN
        RAISE EXCEPTION 'a unit manager cannot be a programme member'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'programme_members_role_check', TABLE = 'programme_members';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION users_member_role_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.role = 'unit_manager' AND EXISTS (SELECT 1 FROM programme_members WHERE user_id = NEW.id) THEN
        RAISE EXCEPTION 'a programme member cannot become a unit manager'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'programme_members_role_check', TABLE = 'users';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
DELETE FROM users WHERE role = 'assessor';
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('admin', 'coordinator', 'expert', 'unit_manager', 'viewer'));
