-- +goose Up

-- Programme membership (least privilege): coordinators and experts work
-- only on the programmes they are members of; administrators and viewers
-- see every programme (all_programmes) or their memberships; unit managers
-- never have memberships: their programmes follow their units'
-- participations.
ALTER TABLE users ADD COLUMN all_programmes boolean NOT NULL DEFAULT false;
ALTER TABLE users ADD CONSTRAINT users_all_programmes_check
    CHECK (NOT all_programmes OR role IN ('admin', 'viewer'));

CREATE TABLE programme_members (
    programme_id bigint NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    added_by     bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (programme_id, user_id)
);
CREATE INDEX programme_members_user_idx ON programme_members (user_id);

-- A unit manager cannot be a member, whoever writes the row; nor can a
-- member's role become unit manager while the memberships remain.
-- +goose StatementBegin
CREATE FUNCTION programme_members_role_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM users WHERE id = NEW.user_id AND role = 'unit_manager') THEN
        RAISE EXCEPTION 'a unit manager cannot be a programme member'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'programme_members_role_check', TABLE = 'programme_members';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER programme_members_role_guard
    BEFORE INSERT OR UPDATE ON programme_members
    FOR EACH ROW EXECUTE FUNCTION programme_members_role_guard();

-- +goose StatementBegin
CREATE FUNCTION users_member_role_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.role = 'unit_manager' AND EXISTS (SELECT 1 FROM programme_members WHERE user_id = NEW.id) THEN
        RAISE EXCEPTION 'a programme member cannot become a unit manager'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'programme_members_role_check', TABLE = 'users';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER users_member_role_guard
    BEFORE UPDATE OF role ON users
    FOR EACH ROW EXECUTE FUNCTION users_member_role_guard();

-- The programme an audit entry belongs to, when its record still says so
-- (NULL for entries of no programme: accounts, units, sign-ins).
-- +goose StatementBegin
CREATE FUNCTION audit_entry_programme(entity text, entity_id text) RETURNS bigint LANGUAGE sql STABLE AS $$
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

-- Everyone keeps the access they had: coordinators and experts become
-- members of every existing programme, administrators and viewers see all.
UPDATE users SET all_programmes = true WHERE role IN ('admin', 'viewer');
INSERT INTO programme_members (programme_id, user_id)
    SELECT p.id, u.id FROM programmes p CROSS JOIN users u WHERE u.role IN ('coordinator', 'expert');

-- +goose Down
DROP FUNCTION audit_entry_programme(text, text);
DROP TRIGGER users_member_role_guard ON users;
DROP FUNCTION users_member_role_guard();
DROP TABLE programme_members;
DROP FUNCTION programme_members_role_guard();
ALTER TABLE users DROP COLUMN all_programmes;
