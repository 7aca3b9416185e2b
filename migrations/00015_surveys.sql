-- +goose Up

-- Satisfaction surveys. A programme's questionnaire (customers, employees,
-- other) has versions; a version a wave uses is frozen, a change makes the
-- next version. A wave is one questionnaire version in one unit in one
-- round (0: the baseline, 1, 2 …: follow-ups). Answers are anonymous: a
-- response carries its wave, channel and date, never an address, a cookie,
-- an exact time or an invitation.
CREATE TABLE questionnaires (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    programme_id bigint NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    code         text NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,19}$'),
    kind         text NOT NULL CHECK (kind IN ('customer', 'employee', 'other')),
    name         text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 300),
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (programme_id, id)
);
CREATE UNIQUE INDEX questionnaires_code_key ON questionnaires (programme_id, lower(code));

CREATE TABLE questionnaire_versions (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    questionnaire_id bigint NOT NULL REFERENCES questionnaires (id) ON DELETE CASCADE,
    version          integer NOT NULL CHECK (version >= 1),
    intro            text NOT NULL DEFAULT '' CHECK (length(intro) <= 5000),
    -- How the satisfaction index is scored from the index items: the share
    -- of the top two answers (top2) or the mean on 0–100 (mean100), per
    -- response, averaged over responses.
    index_method     text NOT NULL CHECK (index_method IN ('top2', 'mean100')),
    created_at       timestamptz NOT NULL DEFAULT now(),
    created_by       bigint REFERENCES users (id),
    UNIQUE (questionnaire_id, version),
    UNIQUE (questionnaire_id, id)
);

CREATE TABLE survey_items (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version_id   bigint NOT NULL REFERENCES questionnaire_versions (id) ON DELETE CASCADE,
    position     integer NOT NULL CHECK (position >= 1),
    -- code is the item's stable name across versions (Q1, M_WIEK): waves of
    -- different versions are compared item by item through it.
    code         text NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,19}$'),
    section      text NOT NULL DEFAULT '' CHECK (length(section) <= 300),
    kind         text NOT NULL CHECK (kind IN ('likert', 'single', 'multi', 'open')),
    profile      boolean NOT NULL DEFAULT false, -- metryka
    text         text NOT NULL CHECK (length(btrim(text)) BETWEEN 1 AND 1000),
    required     boolean NOT NULL DEFAULT false,
    scale_points smallint CHECK (scale_points IN (4, 5)),
    dont_know    boolean NOT NULL DEFAULT false, -- "nie wiem / nie dotyczy" (value 0)
    in_index     boolean NOT NULL DEFAULT false,
    max_length   integer CHECK (max_length BETWEEN 1 AND 4000),
    UNIQUE (version_id, position),
    UNIQUE (version_id, code),
    CHECK ((kind = 'likert') = (scale_points IS NOT NULL)),
    CHECK ((kind = 'open') = (max_length IS NOT NULL)),
    CHECK (NOT in_index OR kind = 'likert'),
    CHECK (NOT dont_know OR kind = 'likert'),
    CHECK (NOT (profile AND in_index))
);

-- The answer options of an item (a Likert item's scale labels too): value
-- 1 … n in order; 0 is "nie wiem / nie dotyczy" of a Likert item.
CREATE TABLE survey_item_options (
    item_id bigint NOT NULL REFERENCES survey_items (id) ON DELETE CASCADE,
    value   smallint NOT NULL CHECK (value BETWEEN 0 AND 50),
    label   text NOT NULL CHECK (length(btrim(label)) BETWEEN 1 AND 300),
    PRIMARY KEY (item_id, value)
);

CREATE TABLE survey_waves (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    programme_id     bigint NOT NULL,
    questionnaire_id bigint NOT NULL,
    version_id       bigint NOT NULL,
    unit_id          bigint NOT NULL,
    round            smallint NOT NULL CHECK (round BETWEEN 0 AND 20),
    -- code is printed on paper forms and names the wave in exports.
    code             text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 60),
    opens_on         date NOT NULL,
    closes_on        date NOT NULL,
    target_sample    integer CHECK (target_sample BETWEEN 1 AND 1000000),
    online           boolean NOT NULL DEFAULT true,
    -- public_key is the unguessable part of the public link.
    public_key       text NOT NULL UNIQUE CHECK (length(public_key) >= 16),
    created_at       timestamptz NOT NULL DEFAULT now(),
    created_by       bigint REFERENCES users (id),
    closed_at        timestamptz,
    closed_by        bigint REFERENCES users (id),
    FOREIGN KEY (programme_id, questionnaire_id) REFERENCES questionnaires (programme_id, id),
    FOREIGN KEY (questionnaire_id, version_id) REFERENCES questionnaire_versions (questionnaire_id, id),
    CONSTRAINT survey_waves_participation FOREIGN KEY (programme_id, unit_id) REFERENCES participations (programme_id, unit_id),
    CONSTRAINT survey_waves_dates CHECK (closes_on >= opens_on),
    CONSTRAINT survey_waves_round_key UNIQUE (questionnaire_id, unit_id, round),
    CHECK (closed_at IS NOT NULL OR closed_by IS NULL)
);
CREATE INDEX survey_waves_programme_idx ON survey_waves (programme_id, questionnaire_id);
CREATE INDEX survey_waves_unit_idx ON survey_waves (unit_id);

-- A validation batch: responses a coordinator marked together (approved,
-- on hold, rejected) with a reason; only approved responses count.
CREATE TABLE survey_batches (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    wave_id     bigint NOT NULL REFERENCES survey_waves (id) ON DELETE CASCADE,
    state       text NOT NULL CHECK (state IN ('approved', 'on_hold', 'rejected')),
    reason      text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 2000),
    description text NOT NULL DEFAULT '' CHECK (length(description) <= 1000),
    decided_by  bigint NOT NULL REFERENCES users (id),
    decided_at  timestamptz NOT NULL
);

CREATE TABLE survey_responses (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    wave_id     bigint NOT NULL REFERENCES survey_waves (id) ON DELETE CASCADE,
    channel     text NOT NULL CHECK (channel IN ('online', 'paper', 'invited')),
    answered_on date NOT NULL, -- the date only, never the time
    -- sheet is a paper form's number as written on it (for second keying).
    sheet       text CHECK (length(sheet) BETWEEN 1 AND 40),
    validation  text NOT NULL DEFAULT 'approved' CHECK (validation IN ('approved', 'on_hold', 'rejected')),
    batch_id    bigint REFERENCES survey_batches (id),
    -- index_score is the response's satisfaction index on 0–100 (NULL when
    -- it answered no index item), computed from its answers when saved.
    index_score numeric(7, 4) CHECK (index_score BETWEEN 0 AND 100),
    CHECK ((channel = 'paper') = (sheet IS NOT NULL))
);
CREATE INDEX survey_responses_wave_idx ON survey_responses (wave_id);
CREATE UNIQUE INDEX survey_responses_sheet_key ON survey_responses (wave_id, sheet) WHERE sheet IS NOT NULL;

-- One row per answered item, one per chosen option of a multiple choice;
-- an open answer has value 0 and its text.
CREATE TABLE survey_answers (
    response_id bigint NOT NULL REFERENCES survey_responses (id) ON DELETE CASCADE,
    item_id     bigint NOT NULL REFERENCES survey_items (id),
    value       smallint NOT NULL CHECK (value BETWEEN 0 AND 50),
    text        text CHECK (length(text) <= 4000),
    PRIMARY KEY (response_id, item_id, value)
);
CREATE INDEX survey_answers_item_idx ON survey_answers (item_id);

-- A second keying of a paper sheet, for quality: compared with the first
-- keying, never counted.
CREATE TABLE survey_second_keyings (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    wave_id   bigint NOT NULL REFERENCES survey_waves (id) ON DELETE CASCADE,
    sheet     text NOT NULL CHECK (length(sheet) BETWEEN 1 AND 40),
    answers   jsonb NOT NULL,
    keyed_by  bigint NOT NULL REFERENCES users (id),
    keyed_at  timestamptz NOT NULL,
    UNIQUE (wave_id, sheet)
);

-- Personal invitations with anonymous answers: the token's hash and
-- whether it answered, never which response (there is no column linking
-- the two). Addresses are erased when the wave closes.
CREATE TABLE survey_invitations (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    wave_id     bigint NOT NULL REFERENCES survey_waves (id) ON DELETE CASCADE,
    email       text CHECK (length(email) BETWEEN 3 AND 254),
    token_hash  bytea NOT NULL UNIQUE,
    answered    boolean NOT NULL DEFAULT false,
    invited_at  timestamptz NOT NULL,
    reminded_at timestamptz,
    reminders   smallint NOT NULL DEFAULT 0
);
CREATE INDEX survey_invitations_wave_idx ON survey_invitations (wave_id);
CREATE UNIQUE INDEX survey_invitations_email_key ON survey_invitations (wave_id, lower(email)) WHERE email IS NOT NULL;

-- Aggregates, kept as answers arrive (same transaction, by trigger):
-- approved responses only. survey:check recomputes them from the answers.
CREATE TABLE survey_wave_totals (
    wave_id     bigint PRIMARY KEY REFERENCES survey_waves (id) ON DELETE CASCADE,
    responses   integer NOT NULL DEFAULT 0,
    online      integer NOT NULL DEFAULT 0,
    paper       integer NOT NULL DEFAULT 0,
    invited     integer NOT NULL DEFAULT 0,
    index_n     integer NOT NULL DEFAULT 0,
    index_sum   numeric NOT NULL DEFAULT 0,
    index_sumsq numeric NOT NULL DEFAULT 0
);
CREATE TABLE survey_item_counts (
    wave_id bigint NOT NULL REFERENCES survey_waves (id) ON DELETE CASCADE,
    item_id bigint NOT NULL,
    value   smallint NOT NULL,
    n       integer NOT NULL,
    PRIMARY KEY (wave_id, item_id, value)
);

-- survey_recount recomputes the aggregates of waves from the raw answers.
-- +goose StatementBegin
CREATE FUNCTION survey_recount(waves bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM survey_wave_totals WHERE wave_id = ANY(waves);
    DELETE FROM survey_item_counts WHERE wave_id = ANY(waves);
    INSERT INTO survey_wave_totals (wave_id, responses, online, paper, invited, index_n, index_sum, index_sumsq)
    SELECT w, count(r.id), count(r.id) FILTER (WHERE r.channel = 'online'), count(r.id) FILTER (WHERE r.channel = 'paper'),
        count(r.id) FILTER (WHERE r.channel = 'invited'), count(r.index_score), COALESCE(sum(r.index_score), 0),
        COALESCE(sum(r.index_score * r.index_score), 0)
    FROM unnest(waves) w LEFT JOIN survey_responses r ON r.wave_id = w AND r.validation = 'approved'
    WHERE EXISTS (SELECT 1 FROM survey_waves x WHERE x.id = w)
    GROUP BY w;
    INSERT INTO survey_item_counts (wave_id, item_id, value, n)
    SELECT r.wave_id, a.item_id, a.value, count(*)
    FROM survey_responses r JOIN survey_answers a ON a.response_id = r.id
    WHERE r.wave_id = ANY(waves) AND r.validation = 'approved'
    GROUP BY r.wave_id, a.item_id, a.value;
END;
$$;
-- +goose StatementEnd

-- New responses and answers add to the aggregates (statement-level, so a
-- bulk load touches each aggregate row once); any other change recounts
-- the waves it touched.
-- +goose StatementBegin
CREATE FUNCTION survey_responses_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO survey_wave_totals AS t (wave_id, responses, online, paper, invited, index_n, index_sum, index_sumsq)
    SELECT wave_id, count(*), count(*) FILTER (WHERE channel = 'online'), count(*) FILTER (WHERE channel = 'paper'),
        count(*) FILTER (WHERE channel = 'invited'), count(index_score), COALESCE(sum(index_score), 0),
        COALESCE(sum(index_score * index_score), 0)
    FROM new_rows WHERE validation = 'approved' GROUP BY wave_id
    ON CONFLICT (wave_id) DO UPDATE SET responses = t.responses + EXCLUDED.responses, online = t.online + EXCLUDED.online,
        paper = t.paper + EXCLUDED.paper, invited = t.invited + EXCLUDED.invited, index_n = t.index_n + EXCLUDED.index_n,
        index_sum = t.index_sum + EXCLUDED.index_sum, index_sumsq = t.index_sumsq + EXCLUDED.index_sumsq;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION survey_answers_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO survey_item_counts AS c (wave_id, item_id, value, n)
    SELECT r.wave_id, a.item_id, a.value, count(*)
    FROM new_rows a JOIN survey_responses r ON r.id = a.response_id
    WHERE r.validation = 'approved'
    GROUP BY r.wave_id, a.item_id, a.value
    ON CONFLICT (wave_id, item_id, value) DO UPDATE SET n = c.n + EXCLUDED.n;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION survey_responses_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        PERFORM survey_recount(ARRAY(SELECT DISTINCT wave_id FROM old_rows UNION SELECT DISTINCT wave_id FROM new_rows));
    ELSE
        PERFORM survey_recount(ARRAY(SELECT DISTINCT wave_id FROM old_rows));
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION survey_answers_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM survey_recount(ARRAY(SELECT DISTINCT r.wave_id FROM old_rows a JOIN survey_responses r ON r.id = a.response_id));
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER survey_responses_added AFTER INSERT ON survey_responses REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION survey_responses_added();
CREATE TRIGGER survey_responses_updated AFTER UPDATE ON survey_responses REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION survey_responses_changed();
CREATE TRIGGER survey_responses_deleted AFTER DELETE ON survey_responses REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION survey_responses_changed();
CREATE TRIGGER survey_answers_added AFTER INSERT ON survey_answers REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION survey_answers_added();
CREATE TRIGGER survey_answers_deleted AFTER DELETE ON survey_answers REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION survey_answers_changed();
CREATE TRIGGER survey_answers_updated AFTER UPDATE ON survey_answers REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION survey_answers_changed();

-- A closed wave is frozen: no response, answer, batch or second keying
-- changes; only erasing the invitations' addresses is allowed.
-- +goose StatementBegin
CREATE FUNCTION survey_wave_open() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    w bigint;
BEGIN
    IF TG_TABLE_NAME = 'survey_answers' THEN
        SELECT r.wave_id INTO w FROM survey_responses r WHERE r.id = CASE WHEN TG_OP = 'DELETE' THEN OLD.response_id ELSE NEW.response_id END;
        IF w IS NULL THEN -- the response is being deleted with its wave
            RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        w := OLD.wave_id;
    ELSE
        w := NEW.wave_id;
    END IF;
    IF EXISTS (SELECT 1 FROM survey_waves WHERE id = w AND closed_at IS NOT NULL) THEN
        IF TG_TABLE_NAME = 'survey_invitations' AND TG_OP = 'UPDATE' AND NEW.email IS NULL
            AND NEW.answered = OLD.answered AND NEW.token_hash = OLD.token_hash THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'survey wave % is closed: % on % refused', w, TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'check_violation', CONSTRAINT = 'survey_waves_closed';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER survey_responses_open BEFORE INSERT OR UPDATE OR DELETE ON survey_responses FOR EACH ROW EXECUTE FUNCTION survey_wave_open();
CREATE TRIGGER survey_answers_open BEFORE INSERT OR UPDATE OR DELETE ON survey_answers FOR EACH ROW EXECUTE FUNCTION survey_wave_open();
CREATE TRIGGER survey_batches_open BEFORE INSERT OR UPDATE OR DELETE ON survey_batches FOR EACH ROW EXECUTE FUNCTION survey_wave_open();
CREATE TRIGGER survey_second_keyings_open BEFORE INSERT OR UPDATE OR DELETE ON survey_second_keyings FOR EACH ROW EXECUTE FUNCTION survey_wave_open();
CREATE TRIGGER survey_invitations_open BEFORE INSERT OR UPDATE OR DELETE ON survey_invitations FOR EACH ROW EXECUTE FUNCTION survey_wave_open();

-- A version a wave uses is frozen: its items and options never change.
-- +goose StatementBegin
CREATE FUNCTION questionnaire_version_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v bigint;
BEGIN
    IF TG_TABLE_NAME = 'questionnaire_versions' THEN
        v := OLD.id;
    ELSIF TG_TABLE_NAME = 'survey_items' THEN
        v := CASE WHEN TG_OP = 'INSERT' THEN NEW.version_id ELSE OLD.version_id END;
    ELSE
        SELECT i.version_id INTO v FROM survey_items i WHERE i.id = CASE WHEN TG_OP = 'INSERT' THEN NEW.item_id ELSE OLD.item_id END;
    END IF;
    IF EXISTS (SELECT 1 FROM survey_waves WHERE version_id = v) THEN
        RAISE EXCEPTION 'questionnaire version % is used by a wave: % on % refused', v, TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'check_violation', CONSTRAINT = 'questionnaire_versions_frozen';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER questionnaire_versions_frozen BEFORE UPDATE OR DELETE ON questionnaire_versions FOR EACH ROW EXECUTE FUNCTION questionnaire_version_frozen();
CREATE TRIGGER survey_items_frozen BEFORE INSERT OR UPDATE OR DELETE ON survey_items FOR EACH ROW EXECUTE FUNCTION questionnaire_version_frozen();
CREATE TRIGGER survey_item_options_frozen BEFORE INSERT OR UPDATE OR DELETE ON survey_item_options FOR EACH ROW EXECUTE FUNCTION questionnaire_version_frozen();

-- The satisfaction-change rule counts closed waves: opening, closing or
-- removing a wave touches its unit's facts.
CREATE TRIGGER survey_waves_touch_ins AFTER INSERT ON survey_waves REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_rows('unit', 'unit_id');
CREATE TRIGGER survey_waves_touch_upd AFTER UPDATE ON survey_waves REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_rows('unit', 'unit_id');
CREATE TRIGGER survey_waves_touch_del AFTER DELETE ON survey_waves REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_rows('unit', 'unit_id');

-- The audit trail of a programme's surveys follows the programme's scope:
-- survey entries are keyed by their wave ("wave/response").
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
    END
$$;
-- +goose StatementEnd
DROP TABLE survey_item_counts, survey_wave_totals, survey_invitations, survey_second_keyings, survey_answers,
    survey_responses, survey_batches, survey_waves, survey_item_options, survey_items, questionnaire_versions, questionnaires;
DROP FUNCTION survey_recount(bigint[]), survey_responses_added(), survey_answers_added(), survey_responses_changed(),
    survey_answers_changed(), survey_wave_open(), questionnaire_version_frozen();
