-- +goose Up

-- The accessibility statement (deklaracja dostępności) of the service, as
-- the ustawa o dostępności cyfrowej (art. 10) and the ministry's technical
-- conditions require: one statement, edited by administrators, published
-- at a public address. One row at most (id is always 1).
CREATE TABLE accessibility_statement (
    id              smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    entity          text NOT NULL CHECK (length(btrim(entity)) BETWEEN 1 AND 300),
    url             text NOT NULL CHECK (length(btrim(url)) BETWEEN 1 AND 500),
    published_on    date NOT NULL,
    updated_on      date NOT NULL,
    status          text NOT NULL CHECK (status IN ('full', 'partial', 'none')),
    non_accessible  text NOT NULL DEFAULT '' CHECK (length(non_accessible) <= 20000),
    prepared_on     date NOT NULL,
    reviewed_on     date NOT NULL,
    assessment      text NOT NULL DEFAULT '' CHECK (length(assessment) <= 2000),
    auditor         text NOT NULL DEFAULT '' CHECK (length(auditor) <= 300),
    contact_person  text NOT NULL CHECK (length(btrim(contact_person)) BETWEEN 1 AND 200),
    email           text NOT NULL CHECK (length(btrim(email)) BETWEEN 3 AND 254),
    phone           text NOT NULL CHECK (length(btrim(phone)) BETWEEN 3 AND 50),
    procedure       text NOT NULL CHECK (length(btrim(procedure)) BETWEEN 1 AND 20000),
    architecture    text NOT NULL CHECK (length(btrim(architecture)) BETWEEN 1 AND 20000),
    apps            text NOT NULL CHECK (length(btrim(apps)) BETWEEN 1 AND 5000),
    version         integer NOT NULL DEFAULT 1,
    updated_at      timestamptz NOT NULL,
    -- A statement that is not fully compliant lists what is not accessible.
    CONSTRAINT accessibility_statement_non_accessible CHECK (status = 'full' OR length(btrim(non_accessible)) > 0),
    CONSTRAINT accessibility_statement_dates CHECK (published_on <= updated_on AND prepared_on <= reviewed_on)
);

-- Requests for accessibility (żądanie zapewnienia dostępności cyfrowej,
-- art. 18): sent by anyone from the public form, with minimal personal
-- data (a name and an e-mail address or a telephone number to answer to);
-- no network address is kept. Administrators answer them.
CREATE TABLE accessibility_requests (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    received_at     timestamptz NOT NULL,
    element         text NOT NULL CHECK (length(btrim(element)) BETWEEN 1 AND 1000),
    request         text NOT NULL CHECK (length(btrim(request)) BETWEEN 1 AND 5000),
    alternative     text NOT NULL DEFAULT '' CHECK (length(alternative) <= 2000),
    name            text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    email           text NOT NULL DEFAULT '' CHECK (length(email) <= 254),
    phone           text NOT NULL DEFAULT '' CHECK (length(phone) <= 50),
    status          text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'in_progress', 'done', 'refused')),
    answer          text NOT NULL DEFAULT '' CHECK (length(answer) <= 5000),
    version         integer NOT NULL DEFAULT 1,
    updated_at      timestamptz NOT NULL,
    CONSTRAINT accessibility_requests_contact CHECK (email <> '' OR phone <> ''),
    -- A settled request (done or refused) says how.
    CONSTRAINT accessibility_requests_answer CHECK (status IN ('new', 'in_progress') OR length(btrim(answer)) > 0)
);
CREATE INDEX accessibility_requests_received_idx ON accessibility_requests (received_at DESC);

-- +goose Down
DROP TABLE accessibility_requests;
DROP TABLE accessibility_statement;
