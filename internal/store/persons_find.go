package store

// Finding the people to put on a list (a session's participants, a
// meeting's attendees) and the units a new person may belong to, by what
// the user types: a programme holds tens of thousands of people and
// thousands of units, so lists offer only what a search found.

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
)

// The search keys of a person's names, as the indexes of migration 00021
// hold them: "last first" (the lists' order) and "first last".
const (
	lastFirstKey = `search_key(p.last_name || ' ' || p.first_name) COLLATE "C"`
	firstLastKey = `search_key(p.first_name || ' ' || p.last_name) COLLATE "C"`
)

// startsWith is the condition that key starts with the text of parameter
// n, as a range of its index (so also in a generic plan): from the folded
// text up to the folded text followed by the last code point.
func startsWith(key, n string) string {
	return key + ` >= search_key(` + n + `) AND ` + key + ` < search_key(` + n + `) || chr(1114111)`
}

// FindPersons returns up to q.Limit people of a programme matching q (none
// when q is empty), by last and first name, and whether more match. With a
// name, it reads the first matches of each name order's index and merges
// them: a subset of the matches in order, not always the alphabetically
// first ones, which is what a list to pick from needs (more says to narrow
// the search).
func (s *Store) FindPersons(ctx context.Context, programmeID int64, q domain.PersonSearch) (_ []domain.Person, more bool, err error) {
	defer wrap(&err, "store.FindPersons(%d)", programmeID)
	if q.Empty() || q.Limit <= 0 || (q.UnitIDs != nil && len(q.UnitIDs) == 0) {
		return nil, false, nil
	}
	units := q.UnitIDs
	if text := strings.TrimSpace(q.Unit); text != "" {
		// The units first: their ids then pick the plan (a unit's people,
		// or the names' index), which a subquery would hide from it.
		if units, err = s.unitsNamed(ctx, programmeID, text, q.UnitIDs); err != nil || len(units) == 0 {
			return nil, false, err
		}
	}
	args := []any{programmeID, units, nonNilIDs(q.Exclude), q.ExcludeSession, q.Limit + 1}
	filter := `p.programme_id = $1 AND ($2::bigint[] IS NULL OR p.unit_id = ANY($2)) AND NOT (p.id = ANY($3))
		AND ($4 = 0 OR p.id NOT IN (SELECT a.person_id FROM attendance a WHERE a.session_id = $4))`
	hits := `SELECT p.id, ` + lastFirstKey + ` AS k FROM persons p WHERE ` + filter + ` ORDER BY 2 LIMIT $5`
	if name := q.NameText(); name != "" {
		args = append(args, name)
		hits = `(SELECT p.id, ` + lastFirstKey + ` AS k FROM persons p WHERE ` + filter + ` AND ` + startsWith(lastFirstKey, "$6") + ` ORDER BY 2 LIMIT $5)
			UNION
			(SELECT p.id, ` + lastFirstKey + ` FROM persons p WHERE ` + filter + ` AND ` + startsWith(firstLastKey, "$6") + ` ORDER BY ` + firstLastKey + ` LIMIT $5)`
	}
	rows, err := s.Pool.Query(ctx, `SELECT `+personColumns+` FROM (`+hits+`) h JOIN persons p ON p.id = h.id JOIN units u ON u.id = p.unit_id
		ORDER BY h.k, p.id LIMIT $5`, args...)
	if err != nil {
		return nil, false, err
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Person, error) { return scanPerson(r) })
	if err != nil {
		return nil, false, err
	}
	if len(list) > q.Limit {
		return list[:q.Limit], true, nil
	}
	return list, false, nil
}

// unitsNamed are the ids of a programme's units (among only, when not nil)
// whose name contains text, folded as names are.
func (s *Store) unitsNamed(ctx context.Context, programmeID int64, text string, only []int64) ([]int64, error) {
	rows, err := s.Pool.Query(ctx, `SELECT un.id FROM participations pa JOIN units un ON un.id = pa.unit_id
		WHERE pa.programme_id = $1 AND ($2::bigint[] IS NULL OR un.id = ANY($2)) AND search_key(un.name) LIKE '%' || search_key($3) || '%'`,
		programmeID, only, likePattern(text))
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// FindUnits returns up to limit units taking part in a programme (among
// only, when it is not nil) whose name contains text (folded as names are;
// every unit when text is empty), by name, and whether more match.
func (s *Store) FindUnits(ctx context.Context, programmeID int64, text string, only []int64, limit int) (_ []domain.Unit, more bool, err error) {
	defer wrap(&err, "store.FindUnits(%d)", programmeID)
	if only != nil && len(only) == 0 {
		return nil, false, nil
	}
	rows, err := s.Pool.Query(ctx, `SELECT `+unitColumns+` FROM units un WHERE id IN (SELECT unit_id FROM participations WHERE programme_id = $1)
		AND ($2::bigint[] IS NULL OR id = ANY($2)) AND ($3 = '' OR search_key(un.name) LIKE '%' || search_key($3) || '%')
		ORDER BY name, id LIMIT $4`, programmeID, only, likePattern(strings.TrimSpace(text)), limit+1)
	if err != nil {
		return nil, false, err
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Unit, error) { return scanUnit(r) })
	if err != nil {
		return nil, false, err
	}
	if len(list) > limit {
		return list[:limit], true, nil
	}
	return list, false, nil
}

// PersonsByID returns the people of a programme with the given ids, by
// last and first name (those of other programmes are left out).
func (s *Store) PersonsByID(ctx context.Context, programmeID int64, ids []int64) (_ []domain.Person, err error) {
	defer wrap(&err, "store.PersonsByID(%d)", programmeID)
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err := s.Pool.Query(ctx, `SELECT `+personColumns+` FROM persons p JOIN units u ON u.id = p.unit_id
		WHERE p.programme_id = $1 AND p.id = ANY($2) ORDER BY p.last_name, p.first_name, p.id`, programmeID, ids)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Person, error) { return scanPerson(r) })
}
