-- +goose Up

-- E-mail (issue 16, "E-mail and notices"). The queue itself is River's
-- (river_job and its tables), created by rivermigrate right after these
-- migrations (store.Migrate).

-- A user's address for notices: optional, unique whatever its letter case.
ALTER TABLE users ADD COLUMN email text
    CONSTRAINT users_email_check CHECK (email IS NULL OR (length(email) BETWEEN 3 AND 254
        AND email ~ '^[^@[:space:]<>(),;:"]+@[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?\.[A-Za-z]{2,}$'));
CREATE UNIQUE INDEX users_email_key ON users (lower(email)) WHERE email IS NOT NULL;

-- One switch per user for every workflow notice (on by default).
ALTER TABLE users ADD COLUMN notices boolean NOT NULL DEFAULT true;

-- Notices that must go once only (a period ended and is not closed: once
-- per period and user): the row is written in the transaction that
-- enqueues the message, so a second run finds it and sends nothing.
CREATE TABLE mail_notices_once (
    kind      text NOT NULL CHECK (length(kind) BETWEEN 1 AND 64),
    key       text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
    user_id   bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    queued_at timestamptz NOT NULL,
    PRIMARY KEY (kind, key, user_id)
);

-- The local SMTP sink's mailbox (demo mode and tests): every message it
-- received, as parsed from what arrived over SMTP, for /admin/mail.
CREATE TABLE mail_sink (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    received_at timestamptz NOT NULL,
    mail_from   text NOT NULL,
    recipients  text[] NOT NULL,
    to_header   text NOT NULL,
    subject     text NOT NULL,
    kind        text NOT NULL DEFAULT '',
    text_body   text NOT NULL,
    html_body   text NOT NULL,
    raw         bytea NOT NULL CHECK (octet_length(raw) <= 10485760)
);
CREATE INDEX mail_sink_received_idx ON mail_sink (received_at DESC, id DESC);

-- +goose Down
DROP TABLE mail_sink;
DROP TABLE mail_notices_once;
ALTER TABLE users DROP COLUMN notices;
DROP INDEX users_email_key;
ALTER TABLE users DROP COLUMN email;
