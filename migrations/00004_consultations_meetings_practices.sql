-- +goose Up

-- Expert consultation days delivered in a unit for a task (konsultacje).
CREATE TABLE consultations (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    programme_id bigint NOT NULL,
    task_id      bigint NOT NULL,
    unit_id      bigint NOT NULL,
    expert       text NOT NULL CHECK (length(btrim(expert)) BETWEEN 1 AND 200),
    day          date NOT NULL,
    hours        numeric(4, 2) NOT NULL CHECK (hours > 0 AND hours <= 12),
    days         numeric(4, 2) NOT NULL CHECK (days > 0 AND days <= 1.5),
    topic        text NOT NULL CHECK (length(btrim(topic)) BETWEEN 1 AND 300),
    work_done    text NOT NULL DEFAULT '' CHECK (length(work_done) <= 4000),
    recorded_by  bigint REFERENCES users (id),
    version      integer NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (programme_id, task_id) REFERENCES tasks (programme_id, id),
    FOREIGN KEY (programme_id, unit_id) REFERENCES participations (programme_id, unit_id)
);
CREATE INDEX consultations_task_idx ON consultations (task_id, unit_id);
CREATE INDEX consultations_unit_idx ON consultations (unit_id);

-- Good-practice group meetings (spotkania grupy dobrych praktyk, PZ2).
CREATE TABLE meetings (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    programme_id    bigint NOT NULL,
    task_id         bigint NOT NULL,
    number          integer NOT NULL CHECK (number > 0),
    place           text NOT NULL CHECK (length(btrim(place)) BETWEEN 1 AND 300),
    with_management boolean NOT NULL DEFAULT false,
    experts         text NOT NULL DEFAULT '' CHECK (length(experts) <= 1000),
    notes           text NOT NULL DEFAULT '' CHECK (length(notes) <= 20000),
    conclusions     text NOT NULL DEFAULT '' CHECK (length(conclusions) <= 20000),
    version         integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (programme_id, task_id) REFERENCES tasks (programme_id, id),
    UNIQUE (task_id, number),
    UNIQUE (programme_id, id)
);

CREATE TABLE meeting_days (
    meeting_id bigint NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    day        date NOT NULL,
    PRIMARY KEY (meeting_id, day)
);

-- Unit representatives at a meeting, with the area they represent.
CREATE TABLE meeting_attendees (
    meeting_id   bigint NOT NULL,
    programme_id bigint NOT NULL,
    person_id    bigint NOT NULL,
    area         text NOT NULL CHECK (area IN ('P', 'N')),
    PRIMARY KEY (meeting_id, person_id),
    FOREIGN KEY (programme_id, meeting_id) REFERENCES meetings (programme_id, id) ON DELETE CASCADE,
    FOREIGN KEY (programme_id, person_id) REFERENCES persons (programme_id, id)
);

CREATE TABLE meeting_scans (
    meeting_id bigint NOT NULL REFERENCES meetings (id),
    file_id    bigint NOT NULL REFERENCES files (id),
    PRIMARY KEY (meeting_id, file_id)
);

-- Good-practice register (dobre praktyki).
CREATE TABLE good_practices (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    programme_id        bigint NOT NULL,
    title               text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 300),
    unit_id             bigint NOT NULL,
    area                text CHECK (area IN ('P', 'N')),
    description         text NOT NULL CHECK (length(btrim(description)) BETWEEN 1 AND 20000),
    results             text NOT NULL CHECK (length(btrim(results)) BETWEEN 1 AND 20000),
    why_results         text NOT NULL CHECK (length(btrim(why_results)) BETWEEN 1 AND 4000),
    why_innovative      text NOT NULL CHECK (length(btrim(why_innovative)) BETWEEN 1 AND 4000),
    why_durable         text NOT NULL CHECK (length(btrim(why_durable)) BETWEEN 1 AND 4000),
    why_transferable    text NOT NULL CHECK (length(btrim(why_transferable)) BETWEEN 1 AND 4000),
    status              text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'accepted')),
    search_text         text NOT NULL DEFAULT '',
    version             integer NOT NULL DEFAULT 1,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (programme_id, unit_id) REFERENCES participations (programme_id, unit_id),
    UNIQUE (programme_id, id)
);
CREATE INDEX good_practices_programme_idx ON good_practices (programme_id, status);

CREATE TABLE good_practice_meetings (
    practice_id  bigint NOT NULL,
    programme_id bigint NOT NULL,
    meeting_id   bigint NOT NULL,
    PRIMARY KEY (practice_id, meeting_id),
    FOREIGN KEY (programme_id, practice_id) REFERENCES good_practices (programme_id, id) ON DELETE CASCADE,
    FOREIGN KEY (programme_id, meeting_id) REFERENCES meetings (programme_id, id)
);

-- +goose Down
DROP TABLE good_practice_meetings;
DROP TABLE good_practices;
DROP TABLE meeting_scans;
DROP TABLE meeting_attendees;
DROP TABLE meeting_days;
DROP TABLE meetings;
DROP TABLE consultations;
