-- +goose Up

-- Sign-in session tokens are kept as their SHA-256 (hex): a copy of the
-- table does not hold usable cookies. Existing sessions are migrated, not
-- ended: their key becomes the hash of their token.
UPDATE sessions SET token = encode(sha256(convert_to(token, 'UTF8')), 'hex');

-- Failed sign-ins remember the device cookie they came with ('' for a
-- browser without one): a browser that signed in before is throttled on its
-- own, not by strangers' guesses for the same username.
ALTER TABLE login_failures ADD COLUMN device text NOT NULL DEFAULT '';
CREATE INDEX login_failures_device_idx ON login_failures (username, device, at);

-- Keys the application signs its cookies with (device cookies, anonymous
-- form tokens), made on first use and shared by every instance.
CREATE TABLE auth_keys (
    name       text PRIMARY KEY,
    key        bytea NOT NULL CHECK (length(key) >= 32),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE auth_keys;
DROP INDEX login_failures_device_idx;
ALTER TABLE login_failures DROP COLUMN device;
-- A hash cannot be turned back into a token: the sessions end.
DELETE FROM sessions;
