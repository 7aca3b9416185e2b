package store

import (
	"context"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
)

const unitNotFound = "Nie ma takiej jednostki."

const unitColumns = `id, name, kind, voivodeship, COALESCE(teryt, ''), address, email, archived_at`

// unitFields are the scan targets of unitColumns.
func unitFields(u *domain.Unit) []any {
	return []any{&u.ID, &u.Name, &u.Kind, &u.Voivodeship, &u.TERYT, &u.Address, &u.Email, &u.ArchivedAt}
}

func scanUnit(row pgx.Row) (domain.Unit, error) {
	var u domain.Unit
	err := row.Scan(unitFields(&u)...)
	return u, err
}

func nullIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// checkTERYT applies domain.TERYTConflict to the stored units with u's
// TERYT code (the index units_teryt_key stays as the last guard).
func checkTERYT(ctx context.Context, tx pgx.Tx, u *domain.Unit) error {
	if u.TERYT == "" {
		return nil
	}
	rows, err := tx.Query(ctx, `SELECT `+unitColumns+` FROM units WHERE teryt = $1 AND id <> $2 ORDER BY id`, u.TERYT, u.ID)
	if err != nil {
		return err
	}
	others, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Unit, error) { return scanUnit(r) })
	if err != nil {
		return err
	}
	for _, o := range others {
		if msg := domain.TERYTConflict(*u, o); msg != "" {
			return domain.Validation{"teryt": msg}.Err()
		}
	}
	return nil
}

func insertUnit(ctx context.Context, tx pgx.Tx, a domain.Actor, u *domain.Unit) error {
	u.Normalize()
	if err := u.Validate(); err != nil {
		return err
	}
	if err := checkTERYT(ctx, tx, u); err != nil {
		return err
	}
	err := tx.QueryRow(ctx, `INSERT INTO units (name, kind, voivodeship, teryt, address, email) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		u.Name, string(u.Kind), u.Voivodeship, nullIfEmpty(u.TERYT), u.Address, u.Email).Scan(&u.ID)
	if err != nil {
		return mapError(err, "")
	}
	return audit(ctx, tx, a, domain.AuditCreate, "unit", FormatID(u.ID), nil, u)
}

// CreateUnit stores a unit.
func (s *Store) CreateUnit(ctx context.Context, a domain.Actor, u *domain.Unit) (err error) {
	defer wrap(&err, "store.CreateUnit(%d)", u.ID)
	return s.InTx(ctx, func(tx pgx.Tx) error { return insertUnit(ctx, tx, a, u) })
}

// ImportUnits stores all units in one transaction: all or nothing.
func (s *Store) ImportUnits(ctx context.Context, a domain.Actor, units []domain.Unit) (err error) {
	defer wrap(&err, "store.ImportUnits()")
	return s.InTx(ctx, func(tx pgx.Tx) error {
		for i := range units {
			if err := insertUnit(ctx, tx, a, &units[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// ImportUnitsInto stores units and adds them to a programme, unit i in
// areas[i], in one transaction: all or nothing.
func (s *Store) ImportUnitsInto(ctx context.Context, a domain.Actor, programmeID int64, units []domain.Unit, areas [][]domain.Area) (err error) {
	defer wrap(&err, "store.ImportUnitsInto(%d)", programmeID)
	list, err := s.ProgrammeAreas(ctx, programmeID)
	if err != nil {
		return err
	}
	parts := make([]domain.Participation, len(units))
	for i := range units {
		parts[i] = domain.Participation{ProgrammeID: programmeID, Areas: areas[i]}
		parts[i].Unit.ID = 1 // the unit is not stored yet: check the areas alone
		if err := parts[i].Validate(list); err != nil {
			return domain.Errorf(domain.EINVALID, "%s: %s", units[i].Name, strings.Join(slices.Collect(maps.Values(domain.FieldErrors(err))), " "))
		}
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		for i := range units {
			if err := insertUnit(ctx, tx, a, &units[i]); err != nil {
				return err
			}
			parts[i].Unit = units[i]
			if err := saveParticipation(ctx, tx, a, &parts[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// UpdateUnit changes a unit.
func (s *Store) UpdateUnit(ctx context.Context, a domain.Actor, u *domain.Unit) (err error) {
	defer wrap(&err, "store.UpdateUnit(%d)", u.ID)
	u.Normalize()
	if err := u.Validate(); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		before, err := scanUnit(tx.QueryRow(ctx, `SELECT `+unitColumns+` FROM units WHERE id = $1 FOR UPDATE`, u.ID))
		if err != nil {
			return mapError(err, unitNotFound)
		}
		if err := checkTERYT(ctx, tx, u); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE units SET name = $2, kind = $3, voivodeship = $4, teryt = $5, address = $6, email = $7, updated_at = now() WHERE id = $1`,
			u.ID, u.Name, string(u.Kind), u.Voivodeship, nullIfEmpty(u.TERYT), u.Address, u.Email)
		if err != nil {
			return mapError(err, unitNotFound)
		}
		u.ArchivedAt = before.ArchivedAt
		return audit(ctx, tx, a, domain.AuditUpdate, "unit", FormatID(u.ID), before, u)
	})
}

// SetUnitArchived archives a unit (it stays in history but is not offered
// for new work) or brings it back.
func (s *Store) SetUnitArchived(ctx context.Context, a domain.Actor, id int64, archived bool) (err error) {
	defer wrap(&err, "store.SetUnitArchived(%d, %t)", id, archived)
	return s.InTx(ctx, func(tx pgx.Tx) error {
		before, err := scanUnit(tx.QueryRow(ctx, `SELECT `+unitColumns+` FROM units WHERE id = $1 FOR UPDATE`, id))
		if err != nil {
			return mapError(err, unitNotFound)
		}
		var at *time.Time
		if archived {
			now := s.Now().UTC()
			at = &now
		}
		if _, err := tx.Exec(ctx, `UPDATE units SET archived_at = $2, updated_at = now() WHERE id = $1`, id, at); err != nil {
			return err
		}
		after := before
		after.ArchivedAt = at
		return audit(ctx, tx, a, domain.AuditUpdate, "unit", FormatID(id), before, after)
	})
}

// Unit returns the unit with id.
func (s *Store) Unit(ctx context.Context, id int64) (_ domain.Unit, err error) {
	defer wrap(&err, "store.Unit(%d)", id)
	u, err := scanUnit(s.Pool.QueryRow(ctx, `SELECT `+unitColumns+` FROM units WHERE id = $1`, id))
	return u, mapError(err, unitNotFound)
}

// likePattern escapes s for LIKE/ILIKE (backslash is the escape).
func likePattern(s string) string { return likeEscapes.Replace(s) }

// likeEscapes is built once: a Replacer is safe for concurrent use, and
// building one a search was a tenth of the session page's allocations.
var likeEscapes = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// SearchUnits returns one page of units matching f (Limit 0: all), in its
// order, and how many match in all.
func (s *Store) SearchUnits(ctx context.Context, f domain.UnitFilter) (_ []domain.Unit, _ int, err error) {
	defer wrap(&err, "store.SearchUnits()")
	return s.searchUnits(ctx, f)
}

var unitSorts = sortColumns{domain.SortName: "name", domain.SortKind: "kind", domain.SortVoivodeship: "voivodeship", domain.SortTERYT: "teryt"}

func (s *Store) searchUnits(ctx context.Context, f domain.UnitFilter) ([]domain.Unit, int, error) {
	pg, args := page(f.ListQuery, []any{searchArg(f.ListQuery), f.Voivodeship, string(f.Kind), f.InProgrammes, f.NotInProgramme, f.Current})
	rows, err := s.Pool.Query(ctx, `SELECT `+unitColumns+`, count(*) OVER () FROM units
		WHERE ($1 = '' OR name ILIKE '%' || $1 || '%' OR teryt LIKE $1 || '%') AND ($2 = '' OR voivodeship = $2) AND ($3 = '' OR kind = $3)
		AND ($4::bigint[] IS NULL OR EXISTS (SELECT 1 FROM participations pa WHERE pa.unit_id = units.id AND pa.programme_id = ANY($4)))
		AND ($5 = 0 OR (archived_at IS NULL AND NOT EXISTS (SELECT 1 FROM participations pa WHERE pa.programme_id = $5 AND pa.unit_id = units.id)))
		AND (NOT $6 OR archived_at IS NULL)`+
		orderBy(f.ListQuery, domain.SortUnitList, unitSorts, "id")+pg, args...)
	if err != nil {
		return nil, 0, err
	}
	total := 0
	units, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Unit, error) {
		var u domain.Unit
		err := r.Scan(append(unitFields(&u), &total)...)
		return u, err
	})
	if err != nil {
		return nil, 0, err
	}
	if len(units) == 0 && f.Offset > 0 { // past the end: still say how many match
		var err error
		f.Offset, f.Limit = 0, 1
		units, total, err = s.searchUnits(ctx, f)
		return units[:0], total, err
	}
	return units, total, nil
}

// UnitsByID returns the units with the given ids, by name.
func (s *Store) UnitsByID(ctx context.Context, ids []int64) (_ []domain.Unit, err error) {
	defer wrap(&err, "store.UnitsByID()")
	rows, err := s.Pool.Query(ctx, `SELECT `+unitColumns+` FROM units WHERE id = ANY($1) ORDER BY name, id`, ids)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Unit, error) { return scanUnit(r) })
}

// ListUnits returns every unit by name (archived ones too).
func (s *Store) ListUnits(ctx context.Context) (_ []domain.Unit, err error) {
	defer wrap(&err, "store.ListUnits()")
	rows, err := s.Pool.Query(ctx, `SELECT `+unitColumns+` FROM units ORDER BY name, id`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Unit, error) { return scanUnit(r) })
}
