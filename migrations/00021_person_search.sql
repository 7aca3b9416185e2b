-- +goose Up

-- Finding the people to put on a list (a session's participants, a
-- meeting's attendees) among a programme's tens of thousands by the start
-- of "last first" or "first last" name, ignoring case and Polish diacritics
-- ("lukasz" and "ŁUKASZ" find "Łukasz") the same way on every locale.
-- search_key folds a text; the indexes keep each programme's people in the
-- order of their folded names compared byte by byte (COLLATE "C"), so that
-- what was typed is a range of the index, read in order up to the first
-- few matches.
-- +goose StatementBegin
CREATE FUNCTION search_key(s text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT lower(translate(s, 'ĄĆĘŁŃÓŚŹŻąćęłńóśźż', 'ACELNOSZZacelnoszz'))
$$;
-- +goose StatementEnd
CREATE INDEX persons_last_first_key_idx ON persons (programme_id, (search_key(last_name || ' ' || first_name)) COLLATE "C");
CREATE INDEX persons_first_last_key_idx ON persons (programme_id, (search_key(first_name || ' ' || last_name)) COLLATE "C");

-- +goose Down
DROP INDEX persons_first_last_key_idx;
DROP INDEX persons_last_first_key_idx;
DROP FUNCTION search_key(text);
