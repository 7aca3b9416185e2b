-- +goose Up

-- Sessions of alexedwards/scs (pgxstore).
CREATE TABLE sessions (
    token  text PRIMARY KEY,
    data   bytea NOT NULL,
    expiry timestamptz NOT NULL
);
CREATE INDEX sessions_expiry_idx ON sessions (expiry);

-- Participating public offices (jednostki). The programme-plan work extends this.
CREATE TABLE units (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 300),
    kind        text NOT NULL CHECK (kind IN ('gmina_miejska', 'gmina_wiejska', 'gmina_miejsko_wiejska',
                                             'powiat', 'wojewodztwo', 'urzad_wojewodzki', 'inny_rzadowy')),
    voivodeship text NOT NULL CHECK (length(btrim(voivodeship)) BETWEEN 1 AND 60),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (name, voivodeship)
);

CREATE TABLE users (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username        text NOT NULL UNIQUE
                    CHECK (length(username) BETWEEN 3 AND 64 AND username ~ '^[a-z0-9][a-z0-9._-]*$'),
    display_name    text NOT NULL CHECK (length(btrim(display_name)) BETWEEN 1 AND 200),
    role            text NOT NULL CHECK (role IN ('admin', 'coordinator', 'expert', 'unit_manager', 'viewer')),
    password_hash   text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    active          boolean NOT NULL DEFAULT true,
    demo            boolean NOT NULL DEFAULT false,
    session_version integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    last_login_at   timestamptz
);

-- Units a unit manager is bound to.
CREATE TABLE user_units (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    unit_id bigint NOT NULL REFERENCES units (id) ON DELETE RESTRICT,
    PRIMARY KEY (user_id, unit_id)
);
CREATE INDEX user_units_unit_idx ON user_units (unit_id);

-- Failed sign-ins, for throttling by username and by address.
CREATE TABLE login_failures (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username text NOT NULL,
    address  text NOT NULL,
    at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_username_idx ON login_failures (username, at);
CREATE INDEX login_failures_address_idx ON login_failures (address, at);
CREATE INDEX login_failures_at_idx ON login_failures (at);

-- Append-only audit trail: who did what, when, with values before and after.
CREATE TABLE audit_log (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at             timestamptz NOT NULL DEFAULT now(),
    actor_id       bigint REFERENCES users (id),
    actor_username text NOT NULL DEFAULT '',
    actor_role     text NOT NULL DEFAULT '',
    address        text NOT NULL DEFAULT '',
    action         text NOT NULL,
    entity         text NOT NULL,
    entity_id      text NOT NULL DEFAULT '',
    before         jsonb,
    after          jsonb
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id, at);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, at);
CREATE INDEX audit_log_at_idx ON audit_log (at);

-- +goose StatementBegin
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER audit_log_append_only
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- +goose Down
DROP TABLE audit_log;
DROP FUNCTION audit_log_refuse_change();
DROP TABLE login_failures;
DROP TABLE user_units;
DROP TABLE users;
DROP TABLE units;
DROP TABLE sessions;
