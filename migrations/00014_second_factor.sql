-- +goose Up

-- The second factor of sign-in (ASVS 6.3.3): an authenticator app's TOTP
-- secret (one per account), passkeys and security keys (WebAuthn
-- credentials, several per account) and one-time recovery codes, stored
-- only as SHA-256 digests (each is 50 random bits: no slow hash needed).
CREATE TABLE user_totp (
    user_id    bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret     text NOT NULL CHECK (secret ~ '^[A-Z2-7]{16,128}$'),
    -- the last 30-second step whose code was accepted: a code is used once
    last_step  bigint NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL
);

CREATE TABLE user_passkeys (
    id            bigserial PRIMARY KEY,
    user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    credential_id bytea NOT NULL,
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    -- the library's credential record (public key, sign count, flags)
    data          jsonb NOT NULL,
    created_at    timestamptz NOT NULL,
    last_used_at  timestamptz,
    CONSTRAINT user_passkeys_credential_key UNIQUE (credential_id)
);
CREATE INDEX user_passkeys_user_idx ON user_passkeys (user_id);

CREATE TABLE user_recovery_codes (
    id         bigserial PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash  text NOT NULL CHECK (code_hash ~ '^[0-9a-f]{64}$'),
    created_at timestamptz NOT NULL,
    used_at    timestamptz,
    CONSTRAINT user_recovery_codes_hash_key UNIQUE (user_id, code_hash)
);

-- Wrong second-factor codes per account: after a few within the window
-- the second step is refused for a while (a six-digit code is guessable).
CREATE TABLE second_factor_failures (
    id      bigserial PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    at      timestamptz NOT NULL
);
CREATE INDEX second_factor_failures_user_idx ON second_factor_failures (user_id, at);

-- +goose Down
DROP TABLE second_factor_failures;
DROP TABLE user_recovery_codes;
DROP TABLE user_passkeys;
DROP TABLE user_totp;
