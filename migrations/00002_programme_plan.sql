-- +goose Up

-- Units: the full record of a participating office.
ALTER TABLE units
    ADD COLUMN teryt       text CONSTRAINT units_teryt_check CHECK (teryt ~ '^([0-9]{2}|[0-9]{4}|[0-9]{6}[1-5])$'),
    ADD COLUMN address     text NOT NULL DEFAULT '' CHECK (length(address) <= 300),
    ADD COLUMN email       text NOT NULL DEFAULT '' CHECK (length(email) <= 254),
    ADD COLUMN archived_at timestamptz;

-- A TERYT code names one territorial unit; the voivode's office shares its
-- voivodeship's code with the marshal's office, and other government
-- offices may sit in any territory.
CREATE UNIQUE INDEX units_teryt_key ON units (teryt) WHERE kind NOT IN ('urzad_wojewodzki', 'inny_rzadowy');

CREATE TABLE programmes (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code           text NOT NULL UNIQUE CHECK (length(btrim(code)) BETWEEN 1 AND 40),
    title          text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 500),
    funding_line   text NOT NULL DEFAULT '' CHECK (length(funding_line) <= 300),
    leader_unit_id bigint REFERENCES units (id),
    contractor     text NOT NULL DEFAULT '' CHECK (length(contractor) <= 300),
    start_date     date NOT NULL,
    end_date       date NOT NULL,
    budget         numeric(15, 2) NOT NULL CHECK (budget >= 0),
    general_goal   text NOT NULL DEFAULT '' CHECK (length(general_goal) <= 4000),
    specific_goals text[] NOT NULL DEFAULT '{}',
    archived_at    timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (end_date >= start_date)
);

CREATE TABLE programme_phases (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    programme_id bigint NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    position     integer NOT NULL,
    name         text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    start_date   date NOT NULL,
    end_date     date NOT NULL,
    CHECK (end_date >= start_date),
    UNIQUE (programme_id, position)
);

-- Components group tasks for indicator measurement (e.g. Z2, Z4).
CREATE TABLE components (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    programme_id bigint NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    code         text NOT NULL CHECK (length(btrim(code)) BETWEEN 1 AND 20),
    name         text NOT NULL DEFAULT '' CHECK (length(name) <= 300),
    UNIQUE (programme_id, code),
    UNIQUE (programme_id, id)
);

-- Participation of a unit in a programme, with its areas
-- (P = podatki i opłaty lokalne, N = zarządzanie nieruchomościami).
CREATE TABLE participations (
    programme_id bigint NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    unit_id      bigint NOT NULL REFERENCES units (id),
    area_p       boolean NOT NULL DEFAULT false,
    area_n       boolean NOT NULL DEFAULT false,
    contacts     text NOT NULL DEFAULT '' CHECK (length(contacts) <= 1000),
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (programme_id, unit_id),
    CHECK (area_p OR area_n)
);
CREATE INDEX participations_unit_idx ON participations (unit_id);

CREATE TABLE tasks (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    programme_id     bigint NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    code             text NOT NULL CHECK (length(btrim(code)) BETWEEN 1 AND 20),
    name             text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 300),
    area             text CHECK (area IN ('P', 'N')),
    component_id     bigint,
    kind             text NOT NULL CHECK (kind IN ('process', 'standards', 'database', 'meetings', 'other')),
    meetings_planned integer CHECK (meetings_planned > 0),
    days_per_meeting integer CHECK (days_per_meeting > 0),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (programme_id, code, name),
    UNIQUE (programme_id, id),
    FOREIGN KEY (programme_id, component_id) REFERENCES components (programme_id, id),
    CHECK ((kind = 'meetings') = (meetings_planned IS NOT NULL AND days_per_meeting IS NOT NULL))
);

-- Plan lines "units × consultation days" (P3 standards: 6 × 8 and 1 × 20).
CREATE TABLE task_plan_lines (
    task_id  bigint NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    position integer NOT NULL,
    units    integer NOT NULL CHECK (units > 0),
    days     integer NOT NULL CHECK (days > 0),
    PRIMARY KEY (task_id, position)
);

-- Products of a task, with letters (a–d, a–e).
CREATE TABLE task_products (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_id  bigint NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    letter   text NOT NULL CHECK (letter ~ '^[a-z]$'),
    name     text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 300),
    UNIQUE (task_id, letter)
);

-- Units assigned to a task: they must take part in the task's programme.
CREATE TABLE task_units (
    task_id      bigint NOT NULL,
    programme_id bigint NOT NULL,
    unit_id      bigint NOT NULL,
    PRIMARY KEY (task_id, unit_id),
    FOREIGN KEY (programme_id, task_id) REFERENCES tasks (programme_id, id) ON DELETE CASCADE,
    FOREIGN KEY (programme_id, unit_id) REFERENCES participations (programme_id, unit_id)
);

-- Training catalogue (PS3 … PS7, NS3 … NS6): planned groups × days per group.
CREATE TABLE trainings (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    programme_id   bigint NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    code           text NOT NULL CHECK (length(btrim(code)) BETWEEN 1 AND 20),
    topic          text NOT NULL CHECK (length(btrim(topic)) BETWEEN 1 AND 300),
    area           text CHECK (area IN ('P', 'N')),
    groups_planned integer NOT NULL CHECK (groups_planned > 0),
    days_per_group integer NOT NULL CHECK (days_per_group > 0),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (programme_id, code)
);

CREATE TABLE indicators (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    programme_id    bigint NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    number          text CHECK (length(btrim(number)) BETWEEN 1 AND 20),
    name            text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 500),
    type            text NOT NULL CHECK (type IN ('product', 'result')),
    unit_of_measure text NOT NULL DEFAULT '' CHECK (length(unit_of_measure) <= 50),
    baseline        numeric(15, 2) NOT NULL DEFAULT 0,
    target          numeric(15, 2) NOT NULL CHECK (target > 0),
    method          text NOT NULL DEFAULT '' CHECK (length(method) <= 4000),
    source          text NOT NULL DEFAULT '' CHECK (length(source) <= 4000),
    frequency       text NOT NULL DEFAULT '' CHECK (length(frequency) <= 1000),
    component_id    bigint,
    rule            text NOT NULL CHECK (rule IN ('accepted_protocols', 'units_with_accepted_protocol', 'meetings_complete',
                        'persons_trained', 'training_days', 'consultation_days', 'satisfaction_change', 'manual')),
    rule_params     jsonb NOT NULL DEFAULT '{}',
    position        integer NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (programme_id, number),
    FOREIGN KEY (programme_id, component_id) REFERENCES components (programme_id, id)
);

-- History of target changes (e.g. a contract amendment, "aneks").
CREATE TABLE indicator_target_changes (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    indicator_id bigint NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
    changed_on   date NOT NULL,
    old_target   numeric(15, 2) NOT NULL,
    new_target   numeric(15, 2) NOT NULL,
    reason       text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 1000),
    changed_by   bigint REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX indicator_target_changes_idx ON indicator_target_changes (indicator_id, changed_on);

-- +goose Down
DROP TABLE indicator_target_changes;
DROP TABLE indicators;
DROP TABLE trainings;
DROP TABLE task_units;
DROP TABLE task_products;
DROP TABLE task_plan_lines;
DROP TABLE tasks;
DROP TABLE participations;
DROP TABLE components;
DROP TABLE programme_phases;
DROP TABLE programmes;
ALTER TABLE units DROP COLUMN archived_at, DROP COLUMN email, DROP COLUMN address, DROP COLUMN teryt;
