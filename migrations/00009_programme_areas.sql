-- +goose Up
-- Areas belong to the programme: each defines its own (code, name), zero
-- or more, instead of the fixed P and N of seed 000. Records of the
-- programme name an area by its code, through a foreign key to an area of
-- the SAME programme (NULL: all areas, or none); a code's rename would
-- cascade, a delete of an area in use is refused. Indicator rules keep the
-- area's code in rule_params (the store refuses to delete an area a rule
-- names). Every existing programme gets P and N, and all references keep
-- their values.
CREATE TABLE programme_areas (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    programme_id bigint NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    -- no blanks, commas or semicolons: the unit import lists codes with them
    code         text NOT NULL CONSTRAINT programme_areas_code_check CHECK (length(code) BETWEEN 1 AND 10 AND code !~ '[[:space:],;]'),
    name         text NOT NULL CONSTRAINT programme_areas_name_check CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    position     integer NOT NULL,
    UNIQUE (programme_id, code)
);
-- codes differ case-insensitively within a programme
CREATE UNIQUE INDEX programme_areas_code_ci_key ON programme_areas (programme_id, upper(code));

INSERT INTO programme_areas (programme_id, code, name, position)
SELECT id, 'P', 'podatki i opłaty lokalne', 0 FROM programmes
UNION ALL
SELECT id, 'N', 'zarządzanie nieruchomościami', 1 FROM programmes;

-- A unit's areas in a programme (at least one when the programme has
-- areas: checked by the store, as the programme's areas can change).
CREATE TABLE participation_areas (
    programme_id bigint NOT NULL,
    unit_id      bigint NOT NULL,
    area         text NOT NULL,
    PRIMARY KEY (programme_id, unit_id, area),
    FOREIGN KEY (programme_id, unit_id) REFERENCES participations (programme_id, unit_id) ON DELETE CASCADE,
    CONSTRAINT participation_areas_area_fkey FOREIGN KEY (programme_id, area) REFERENCES programme_areas (programme_id, code) ON UPDATE CASCADE
);
CREATE INDEX participation_areas_area_idx ON participation_areas (programme_id, area);

INSERT INTO participation_areas (programme_id, unit_id, area)
SELECT programme_id, unit_id, 'P' FROM participations WHERE area_p
UNION ALL
SELECT programme_id, unit_id, 'N' FROM participations WHERE area_n;

ALTER TABLE participations DROP COLUMN area_p, DROP COLUMN area_n; -- their CHECK goes with them

ALTER TABLE tasks DROP CONSTRAINT tasks_area_check,
    ADD CONSTRAINT tasks_area_fkey FOREIGN KEY (programme_id, area) REFERENCES programme_areas (programme_id, code) ON UPDATE CASCADE;
ALTER TABLE trainings DROP CONSTRAINT trainings_area_check,
    ADD CONSTRAINT trainings_area_fkey FOREIGN KEY (programme_id, area) REFERENCES programme_areas (programme_id, code) ON UPDATE CASCADE;
ALTER TABLE good_practices DROP CONSTRAINT good_practices_area_check,
    ADD CONSTRAINT good_practices_area_fkey FOREIGN KEY (programme_id, area) REFERENCES programme_areas (programme_id, code) ON UPDATE CASCADE;
ALTER TABLE meeting_attendees DROP CONSTRAINT meeting_attendees_area_check,
    ALTER COLUMN area DROP NOT NULL,
    ADD CONSTRAINT meeting_attendees_area_fkey FOREIGN KEY (programme_id, area) REFERENCES programme_areas (programme_id, code) ON UPDATE CASCADE;
CREATE INDEX tasks_area_idx ON tasks (programme_id, area) WHERE area IS NOT NULL;
CREATE INDEX trainings_area_idx ON trainings (programme_id, area) WHERE area IS NOT NULL;

-- +goose Down
-- Back to P and N: references to other areas become "both areas" (NULL),
-- an attendee of another area counts as P, a participation with neither P
-- nor N as P (the old schema cannot hold them).
DROP INDEX trainings_area_idx;
DROP INDEX tasks_area_idx;
ALTER TABLE meeting_attendees DROP CONSTRAINT meeting_attendees_area_fkey;
UPDATE meeting_attendees SET area = 'P' WHERE area IS NULL OR area NOT IN ('P', 'N');
ALTER TABLE meeting_attendees ALTER COLUMN area SET NOT NULL,
    ADD CONSTRAINT meeting_attendees_area_check CHECK (area IN ('P', 'N'));
ALTER TABLE good_practices DROP CONSTRAINT good_practices_area_fkey;
UPDATE good_practices SET area = NULL WHERE area NOT IN ('P', 'N');
ALTER TABLE good_practices ADD CONSTRAINT good_practices_area_check CHECK (area IN ('P', 'N'));
ALTER TABLE trainings DROP CONSTRAINT trainings_area_fkey;
UPDATE trainings SET area = NULL WHERE area NOT IN ('P', 'N');
ALTER TABLE trainings ADD CONSTRAINT trainings_area_check CHECK (area IN ('P', 'N'));
ALTER TABLE tasks DROP CONSTRAINT tasks_area_fkey;
UPDATE tasks SET area = NULL WHERE area NOT IN ('P', 'N');
ALTER TABLE tasks ADD CONSTRAINT tasks_area_check CHECK (area IN ('P', 'N'));

ALTER TABLE participations ADD COLUMN area_p boolean NOT NULL DEFAULT false, ADD COLUMN area_n boolean NOT NULL DEFAULT false;
UPDATE participations pa SET
    area_p = EXISTS (SELECT 1 FROM participation_areas x WHERE x.programme_id = pa.programme_id AND x.unit_id = pa.unit_id AND x.area = 'P'),
    area_n = EXISTS (SELECT 1 FROM participation_areas x WHERE x.programme_id = pa.programme_id AND x.unit_id = pa.unit_id AND x.area = 'N');
UPDATE participations SET area_p = true WHERE NOT area_p AND NOT area_n;
ALTER TABLE participations ADD CONSTRAINT participations_check CHECK (area_p OR area_n);
DROP TABLE participation_areas;
DROP TABLE programme_areas;
