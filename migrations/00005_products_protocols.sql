-- +goose Up

-- Uploaded files never change: a new version is a new file.
-- +goose StatementBegin
CREATE FUNCTION files_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'files are immutable: UPDATE of file % refused', OLD.id USING ERRCODE = 'insufficient_privilege';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER files_no_update BEFORE UPDATE ON files FOR EACH ROW EXECUTE FUNCTION files_immutable();

-- +goose StatementBegin
CREATE FUNCTION refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'TRUNCATE of % refused', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
-- +goose StatementEnd

-- The products of a task in each unit assigned to it (P3 a–d in unit X).
-- Rows appear when a unit is assigned to a task or a product is added.
CREATE TABLE unit_products (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    programme_id bigint NOT NULL,
    task_id      bigint NOT NULL,
    unit_id      bigint NOT NULL,
    product_id   bigint NOT NULL REFERENCES task_products (id) ON DELETE CASCADE,
    status       text NOT NULL DEFAULT 'planned'
                 CHECK (status IN ('planned', 'in_progress', 'submitted', 'accepted', 'accepted_remarks', 'rejected')),
    planned_on   date,
    done_on      date,
    version      integer NOT NULL DEFAULT 1,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (task_id, unit_id, product_id),
    UNIQUE (programme_id, id),
    FOREIGN KEY (task_id, unit_id) REFERENCES task_units (task_id, unit_id) ON DELETE CASCADE
);
CREATE INDEX unit_products_unit_idx ON unit_products (unit_id);

-- +goose StatementBegin
CREATE FUNCTION unit_products_fill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'task_units' THEN
        INSERT INTO unit_products (programme_id, task_id, unit_id, product_id)
        SELECT NEW.programme_id, NEW.task_id, NEW.unit_id, p.id FROM task_products p WHERE p.task_id = NEW.task_id
        ON CONFLICT DO NOTHING;
    ELSE
        INSERT INTO unit_products (programme_id, task_id, unit_id, product_id)
        SELECT tu.programme_id, NEW.task_id, tu.unit_id, NEW.id FROM task_units tu WHERE tu.task_id = NEW.task_id
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER task_units_products AFTER INSERT ON task_units FOR EACH ROW EXECUTE FUNCTION unit_products_fill();
CREATE TRIGGER task_products_units AFTER INSERT ON task_products FOR EACH ROW EXECUTE FUNCTION unit_products_fill();

INSERT INTO unit_products (programme_id, task_id, unit_id, product_id)
SELECT tu.programme_id, tu.task_id, tu.unit_id, p.id FROM task_units tu JOIN task_products p ON p.task_id = tu.task_id
ON CONFLICT DO NOTHING;

-- The product documents themselves. A product with documents cannot
-- disappear with a change of the plan.
CREATE TABLE unit_product_files (
    unit_product_id bigint NOT NULL REFERENCES unit_products (id),
    file_id         bigint NOT NULL REFERENCES files (id),
    PRIMARY KEY (unit_product_id, file_id)
);

-- Acceptance protocols (protokoły odbioru). Versions of one protocol share
-- series_id (the id of the first version); a new version replaces the one
-- before it (corrections of a signed protocol, rework of a rejected one).
CREATE TABLE protocols (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    programme_id  bigint NOT NULL REFERENCES programmes (id),
    task_id       bigint NOT NULL,
    unit_id       bigint NOT NULL REFERENCES units (id),
    -- What the protocol names, copied when it is saved, so later renames in
    -- the plan never change signed content.
    task_code     text NOT NULL,
    task_name     text NOT NULL,
    unit_name     text NOT NULL,
    unit_teryt    text NOT NULL DEFAULT '',
    series_id     bigint NOT NULL,
    version_no    integer NOT NULL CHECK (version_no > 0),
    replaces_id   bigint UNIQUE REFERENCES protocols (id),
    place         text NOT NULL CHECK (length(btrim(place)) BETWEEN 1 AND 300),
    protocol_date date NOT NULL,
    contractor    text NOT NULL CHECK (length(btrim(contractor)) BETWEEN 1 AND 300),
    description   text NOT NULL CHECK (length(btrim(description)) BETWEEN 1 AND 20000),
    status        text NOT NULL DEFAULT 'draft'
                  CHECK (status IN ('draft', 'submitted', 'accepted', 'accepted_remarks', 'rejected')),
    remarks       text NOT NULL DEFAULT '' CHECK (length(remarks) <= 20000),
    method        text CHECK (method IN ('electronic', 'paper')),
    signer_id     bigint REFERENCES users (id),
    signer_name   text,
    signer_role   text,
    signed_on     date,
    signed_at     timestamptz,
    scan_file_id  bigint REFERENCES files (id),
    signed_content text,
    digest        text CHECK (digest ~ '^[0-9a-f]{64}$'),
    created_by    bigint REFERENCES users (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    submitted_at  timestamptz,
    version       integer NOT NULL DEFAULT 1,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (series_id, version_no),
    FOREIGN KEY (programme_id, task_id) REFERENCES tasks (programme_id, id),
    -- Decided means signed: by the manager in the application or on paper
    -- with the scan; the digest seals what was signed.
    CHECK ((status IN ('accepted', 'accepted_remarks', 'rejected')) =
           (signed_at IS NOT NULL AND digest IS NOT NULL AND signed_content IS NOT NULL AND method IS NOT NULL AND signer_name IS NOT NULL)),
    CHECK (method IS DISTINCT FROM 'electronic' OR signer_id IS NOT NULL),
    CHECK (method IS DISTINCT FROM 'paper' OR (scan_file_id IS NOT NULL AND signed_on IS NOT NULL)),
    CHECK (status NOT IN ('accepted_remarks', 'rejected') OR length(btrim(remarks)) > 0)
);
CREATE INDEX protocols_programme_idx ON protocols (programme_id, status);
CREATE INDEX protocols_unit_idx ON protocols (unit_id, status);

-- The products a protocol hands over, with their planned and actual dates.
CREATE TABLE protocol_items (
    protocol_id     bigint NOT NULL REFERENCES protocols (id) ON DELETE CASCADE,
    unit_product_id bigint NOT NULL REFERENCES unit_products (id),
    letter          text NOT NULL,
    name            text NOT NULL,
    planned_on      date,
    done_on         date,
    PRIMARY KEY (protocol_id, unit_product_id)
);
CREATE INDEX protocol_items_product_idx ON protocol_items (unit_product_id);

-- The attachments a protocol was submitted with (the product documents).
CREATE TABLE protocol_files (
    protocol_id bigint NOT NULL REFERENCES protocols (id) ON DELETE CASCADE,
    file_id     bigint NOT NULL REFERENCES files (id),
    PRIMARY KEY (protocol_id, file_id)
);

-- A signed protocol never changes, whoever asks: the database refuses it.
-- +goose StatementBegin
CREATE FUNCTION protocols_sealed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.signed_at IS NOT NULL THEN
        RAISE EXCEPTION 'protocol % is signed: % refused', OLD.id, TG_OP USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER protocols_sealed BEFORE UPDATE OR DELETE ON protocols FOR EACH ROW EXECUTE FUNCTION protocols_sealed();
CREATE TRIGGER protocols_no_truncate BEFORE TRUNCATE ON protocols FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();

-- +goose StatementBegin
CREATE FUNCTION protocol_parts_sealed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    pid bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN
        pid := OLD.protocol_id;
    ELSE
        pid := NEW.protocol_id;
    END IF;
    IF EXISTS (SELECT 1 FROM protocols WHERE id = pid AND signed_at IS NOT NULL)
       OR (TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM protocols WHERE id = OLD.protocol_id AND signed_at IS NOT NULL)) THEN
        RAISE EXCEPTION 'protocol % is signed: % of % refused', pid, TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER protocol_items_sealed BEFORE INSERT OR UPDATE OR DELETE ON protocol_items FOR EACH ROW EXECUTE FUNCTION protocol_parts_sealed();
CREATE TRIGGER protocol_files_sealed BEFORE INSERT OR UPDATE OR DELETE ON protocol_files FOR EACH ROW EXECUTE FUNCTION protocol_parts_sealed();
CREATE TRIGGER protocol_items_no_truncate BEFORE TRUNCATE ON protocol_items FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER protocol_files_no_truncate BEFORE TRUNCATE ON protocol_files FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();

-- +goose Down
DROP TABLE protocol_files;
DROP TABLE protocol_items;
DROP TABLE protocols;
DROP FUNCTION protocol_parts_sealed();
DROP FUNCTION protocols_sealed();
DROP TABLE unit_product_files;
DROP TABLE unit_products;
DROP FUNCTION unit_products_fill();
DROP TRIGGER files_no_update ON files;
DROP FUNCTION files_immutable();
DROP FUNCTION refuse_truncate();
