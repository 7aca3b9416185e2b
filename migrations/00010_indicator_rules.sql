-- +goose Up
-- The "accepted products" rule (odebrane produkty): products of chosen
-- tasks and letters, each once, on its first acceptance that still counts.
ALTER TABLE indicators DROP CONSTRAINT indicators_rule_check;
ALTER TABLE indicators ADD CONSTRAINT indicators_rule_check CHECK (rule IN ('accepted_protocols', 'accepted_products',
    'units_with_accepted_protocol', 'meetings_complete', 'persons_trained', 'training_days', 'consultation_days', 'satisfaction_change', 'manual'));

-- What the rule reads beyond migration 00008's notes: a product's letter
-- (a renamed letter moves products in or out of a rule: the whole
-- programme), and the items of a protocol that is accepted (sealed by its
-- signature today, noted anyway so the read model cannot depend on that).
-- +goose StatementBegin
CREATE FUNCTION touch_task_products() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM indicators) THEN
        RETURN NULL;
    END IF;
    PERFORM touch_refs((SELECT jsonb_agg(DISTINCT jsonb_build_array(t.programme_id, 'all', 0))
        FROM new_rows n JOIN old_rows o ON o.id = n.id JOIN tasks t ON t.id = n.task_id
        WHERE n.letter IS DISTINCT FROM o.letter OR n.task_id IS DISTINCT FROM o.task_id));
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION touch_protocol_items() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM indicators) THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM touch_refs((SELECT jsonb_agg(DISTINCT jsonb_build_array(p.programme_id, 'unit', p.unit_id))
            FROM new_rows n JOIN protocols p ON p.id = n.protocol_id WHERE p.status IN ('accepted', 'accepted_remarks')));
    END IF;
    IF TG_OP <> 'INSERT' THEN
        PERFORM touch_refs((SELECT jsonb_agg(DISTINCT jsonb_build_array(p.programme_id, 'unit', p.unit_id))
            FROM old_rows o JOIN protocols p ON p.id = o.protocol_id WHERE p.status IN ('accepted', 'accepted_remarks')));
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER task_products_touch_upd AFTER UPDATE ON task_products REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_task_products();
CREATE TRIGGER protocol_items_touch_ins AFTER INSERT ON protocol_items REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_protocol_items();
CREATE TRIGGER protocol_items_touch_upd AFTER UPDATE ON protocol_items REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_protocol_items();
CREATE TRIGGER protocol_items_touch_del AFTER DELETE ON protocol_items REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_protocol_items();

-- Trainings in half days: a training plans groups × days per group in
-- halves (0,5; 1; 1,5 …), and a session day may be a half day, which
-- counts as half a group-day.
ALTER TABLE trainings DROP CONSTRAINT trainings_days_per_group_check;
ALTER TABLE trainings ALTER COLUMN days_per_group TYPE numeric(5, 1);
ALTER TABLE trainings ADD CONSTRAINT trainings_days_per_group_check
    CHECK (days_per_group > 0 AND days_per_group <= 100 AND days_per_group * 2 = trunc(days_per_group * 2));
ALTER TABLE session_days ADD COLUMN half boolean NOT NULL DEFAULT false;

-- +goose Down
DROP TRIGGER protocol_items_touch_del ON protocol_items;
DROP TRIGGER protocol_items_touch_upd ON protocol_items;
DROP TRIGGER protocol_items_touch_ins ON protocol_items;
DROP TRIGGER task_products_touch_upd ON task_products;
DROP FUNCTION touch_protocol_items();
DROP FUNCTION touch_task_products();
DELETE FROM indicators WHERE rule = 'accepted_products';
ALTER TABLE indicators DROP CONSTRAINT indicators_rule_check;
ALTER TABLE indicators ADD CONSTRAINT indicators_rule_check CHECK (rule IN ('accepted_protocols', 'units_with_accepted_protocol', 'meetings_complete',
    'persons_trained', 'training_days', 'consultation_days', 'satisfaction_change', 'manual'));
ALTER TABLE session_days DROP COLUMN half;
ALTER TABLE trainings DROP CONSTRAINT trainings_days_per_group_check;
ALTER TABLE trainings ALTER COLUMN days_per_group TYPE integer USING ceil(days_per_group)::integer;
ALTER TABLE trainings ADD CONSTRAINT trainings_days_per_group_check CHECK (days_per_group > 0);
