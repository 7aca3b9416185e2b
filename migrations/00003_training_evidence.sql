-- +goose Up

-- Participants (personal data): recorded once per programme, reused across
-- sessions. Only what the evidence and the funder's disaggregation need.
CREATE TABLE persons (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    programme_id    bigint NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    first_name      text NOT NULL CHECK (length(btrim(first_name)) BETWEEN 1 AND 100),
    last_name       text NOT NULL CHECK (length(btrim(last_name)) BETWEEN 1 AND 100),
    unit_id         bigint NOT NULL,
    position        text NOT NULL DEFAULT '' CHECK (length(position) <= 200),
    sex             text NOT NULL CHECK (sex IN ('K', 'M')),
    email           text NOT NULL DEFAULT '' CHECK (length(email) <= 254),
    legal_basis     text NOT NULL CHECK (legal_basis IN ('consent', 'contract', 'legal_obligation', 'public_task')),
    basis_date      date NOT NULL,
    retention_until date NOT NULL,
    version         integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (programme_id, unit_id) REFERENCES participations (programme_id, unit_id),
    UNIQUE (programme_id, id)
);
CREATE INDEX persons_programme_idx ON persons (programme_id, last_name, first_name);
CREATE INDEX persons_unit_idx ON persons (unit_id);

ALTER TABLE trainings ADD CONSTRAINT trainings_programme_id_id_key UNIQUE (programme_id, id);

-- A session is one delivery of a catalogue training to one group.
CREATE TABLE training_sessions (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    programme_id  bigint NOT NULL,
    training_id   bigint NOT NULL,
    group_no      integer NOT NULL CHECK (group_no > 0),
    place         text NOT NULL CHECK (length(btrim(place)) BETWEEN 1 AND 300),
    trainer       text NOT NULL CHECK (length(btrim(trainer)) BETWEEN 1 AND 200),
    hours_per_day numeric(4, 2) NOT NULL CHECK (hours_per_day > 0 AND hours_per_day <= 12),
    version       integer NOT NULL DEFAULT 1,
    -- bumped by every change of the attendance grid (optimistic locking)
    attendance_version integer NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (programme_id, training_id) REFERENCES trainings (programme_id, id),
    UNIQUE (training_id, group_no),
    UNIQUE (programme_id, id)
);

CREATE TABLE session_days (
    session_id bigint NOT NULL REFERENCES training_sessions (id) ON DELETE CASCADE,
    day        date NOT NULL,
    -- when the day's attendance was entered (the grid saved or imported);
    -- a list of names alone is not attendance
    attendance_entered_at timestamptz,
    PRIMARY KEY (session_id, day)
);

CREATE TABLE session_units (
    session_id   bigint NOT NULL,
    programme_id bigint NOT NULL,
    unit_id      bigint NOT NULL,
    PRIMARY KEY (session_id, unit_id),
    FOREIGN KEY (programme_id, session_id) REFERENCES training_sessions (programme_id, id) ON DELETE CASCADE,
    FOREIGN KEY (programme_id, unit_id) REFERENCES participations (programme_id, unit_id)
);

-- Attendance per day per participant. A participant appears once per
-- session day; the day must be one of the session's days.
CREATE TABLE attendance (
    session_id   bigint NOT NULL,
    day          date NOT NULL,
    programme_id bigint NOT NULL,
    person_id    bigint NOT NULL,
    present      boolean NOT NULL,
    PRIMARY KEY (session_id, day, person_id),
    FOREIGN KEY (session_id, day) REFERENCES session_days (session_id, day) ON DELETE CASCADE,
    FOREIGN KEY (programme_id, person_id) REFERENCES persons (programme_id, id)
);
CREATE INDEX attendance_person_idx ON attendance (person_id);

-- Uploaded evidence files (scans), kept in the database with their digest.
CREATE TABLE files (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    content_type text NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    size         integer NOT NULL CHECK (size > 0 AND size <= 20971520),
    sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    data         bytea NOT NULL,
    uploaded_by  bigint REFERENCES users (id),
    uploaded_at  timestamptz NOT NULL DEFAULT now()
);

-- The signed paper attendance list of one session day.
CREATE TABLE session_scans (
    session_id bigint NOT NULL,
    day        date NOT NULL,
    file_id    bigint NOT NULL REFERENCES files (id),
    PRIMARY KEY (session_id, day, file_id),
    FOREIGN KEY (session_id, day) REFERENCES session_days (session_id, day) ON DELETE RESTRICT
);

-- Form submissions already handled: a double click, the back button or a
-- retry of a create form finds its token here and creates nothing twice.
CREATE TABLE submissions (
    token      text PRIMARY KEY CHECK (token ~ '^[0-9a-f]{32}$'),
    user_id    bigint NOT NULL REFERENCES users (id),
    result     text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX submissions_created_idx ON submissions (created_at);

-- +goose Down
DROP TABLE submissions;
DROP TABLE session_scans;
DROP TABLE files;
DROP TABLE attendance;
DROP TABLE session_units;
DROP TABLE session_days;
DROP TABLE training_sessions;
DROP TABLE persons;
ALTER TABLE trainings DROP CONSTRAINT trainings_programme_id_id_key;
