-- +goose Up

-- The chooser of a new acceptance protocol pages the units × tasks with
-- products of one programme in unit name order: each unit's products of
-- that programme straight from an index (the old one by unit alone read
-- every programme's products of the unit). It also serves every lookup by
-- unit the old index did.
CREATE INDEX unit_products_unit_programme_idx ON unit_products (unit_id, programme_id, task_id);
DROP INDEX unit_products_unit_idx;

-- +goose Down
CREATE INDEX unit_products_unit_idx ON unit_products (unit_id);
DROP INDEX unit_products_unit_programme_idx;
