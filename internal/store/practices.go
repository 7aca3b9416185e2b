package store

// The register of good practices (dobre praktyki).

import (
	"context"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
)

const practiceNotFound = "Nie ma takiej dobrej praktyki w tym programie."

// practiceFields maps the constraints of the practice form to the field and
// message shown when a write violates them.
var practiceFields = map[string]map[string]string{
	"good_practices_programme_id_unit_id_fkey":            {"unit": "Wybierz jednostkę uczestniczącą w programie."},
	"good_practice_meetings_programme_id_meeting_id_fkey": {"meetings": "Wybierz spotkania tego programu."},
}

const practiceColumns = `g.id, g.programme_id, g.title, g.unit_id, u.name, COALESCE(g.area, ''), g.description, g.results, g.why_results,
	g.why_innovative, g.why_durable, g.why_transferable, g.status, g.version,
	COALESCE((SELECT array_agg(meeting_id ORDER BY meeting_id) FROM good_practice_meetings m WHERE m.practice_id = g.id), '{}')`

func scanPractice(r pgx.Row) (*domain.GoodPractice, error) {
	var g domain.GoodPractice
	err := r.Scan(&g.ID, &g.ProgrammeID, &g.Title, &g.UnitID, &g.UnitName, &g.Area, &g.Description, &g.Results, &g.WhyResults,
		&g.WhyInnovative, &g.WhyDurable, &g.WhyTransferable, &g.Status, &g.Version, &g.MeetingIDs)
	return &g, err
}

// GoodPractices searches a programme's register.
func (s *Store) GoodPractices(ctx context.Context, programmeID int64, f domain.PracticeFilter) (_ []*domain.GoodPractice, err error) {
	defer wrap(&err, "store.GoodPractices(%d)", programmeID)
	where := []string{"g.programme_id = $1"}
	args := []any{programmeID}
	for _, w := range strings.Fields(domain.Fold(f.Query)) {
		args = append(args, "%"+likePattern(w)+"%")
		where = append(where, "g.search_text LIKE $"+itoaInt(len(args))+` ESCAPE '\'`)
	}
	if f.Area != "" {
		args = append(args, string(f.Area))
		where = append(where, "g.area = $"+itoaInt(len(args)))
	}
	if f.UnitID != 0 {
		args = append(args, f.UnitID)
		where = append(where, "g.unit_id = $"+itoaInt(len(args)))
	}
	if f.Accepted {
		where = append(where, "g.status = 'accepted'")
	}
	rows, err := s.Pool.Query(ctx, `SELECT `+practiceColumns+` FROM good_practices g JOIN units u ON u.id = g.unit_id
		WHERE `+strings.Join(where, " AND ")+` ORDER BY g.title, g.id`, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (*domain.GoodPractice, error) { return scanPractice(r) })
}

// GoodPractice returns one practice of a programme.
func (s *Store) GoodPractice(ctx context.Context, programmeID, id int64) (_ *domain.GoodPractice, err error) {
	defer wrap(&err, "store.GoodPractice(%d, %d)", programmeID, id)
	g, err := scanPractice(s.Pool.QueryRow(ctx, `SELECT `+practiceColumns+` FROM good_practices g JOIN units u ON u.id = g.unit_id
		WHERE g.programme_id = $1 AND g.id = $2`, programmeID, id))
	if err != nil {
		return nil, mapError(err, practiceNotFound)
	}
	return g, nil
}

// SaveGoodPractice creates (ID 0, with a one-time token) or updates a
// practice (optimistic locking by Version).
func (s *Store) SaveGoodPractice(ctx context.Context, a domain.Actor, g *domain.GoodPractice, token string) (err error) {
	defer wrap(&err, "store.SaveGoodPractice(%d)", g.ID)
	areas, err := s.ProgrammeAreas(ctx, g.ProgrammeID)
	if err != nil {
		return err
	}
	if err := g.Validate(areas); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		var unitName string
		if err := tx.QueryRow(ctx, `SELECT name FROM units WHERE id = $1`, g.UnitID).Scan(&unitName); err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		search := g.SearchText(unitName)
		var before *domain.GoodPractice
		if g.ID == 0 {
			if dup, err := claimSubmission(ctx, tx, token, a.UserID, &g.ID); err != nil || dup {
				return err
			}
			err = tx.QueryRow(ctx, `INSERT INTO good_practices (programme_id, title, unit_id, area, description, results, why_results, why_innovative,
				why_durable, why_transferable, status, search_text) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id, version`,
				g.ProgrammeID, g.Title, g.UnitID, areaOrNil(g.Area), g.Description, g.Results, g.WhyResults, g.WhyInnovative, g.WhyDurable,
				g.WhyTransferable, string(g.Status), search).Scan(&g.ID, &g.Version)
			if err != nil {
				return mapError(err, "", inForm(practiceFields))
			}
			if err := finishSubmission(ctx, tx, token, FormatID(g.ID)); err != nil {
				return err
			}
		} else {
			var err error
			before, err = scanPractice(tx.QueryRow(ctx, `SELECT `+practiceColumns+` FROM good_practices g JOIN units u ON u.id = g.unit_id
				WHERE g.programme_id = $1 AND g.id = $2`, g.ProgrammeID, g.ID))
			if err != nil {
				return mapError(err, practiceNotFound)
			}
			tag, err := tx.Exec(ctx, `UPDATE good_practices SET title = $4, unit_id = $5, area = $6, description = $7, results = $8, why_results = $9,
				why_innovative = $10, why_durable = $11, why_transferable = $12, status = $13, search_text = $14, version = version + 1, updated_at = now()
				WHERE programme_id = $1 AND id = $2 AND version = $3`,
				g.ProgrammeID, g.ID, g.Version, g.Title, g.UnitID, areaOrNil(g.Area), g.Description, g.Results, g.WhyResults, g.WhyInnovative,
				g.WhyDurable, g.WhyTransferable, string(g.Status), search)
			if err != nil {
				return mapError(err, practiceNotFound, inForm(practiceFields))
			}
			if tag.RowsAffected() == 0 {
				return errStale
			}
			g.Version++
		}
		if _, err := tx.Exec(ctx, `DELETE FROM good_practice_meetings WHERE practice_id = $1`, g.ID); err != nil {
			return err
		}
		if len(g.MeetingIDs) > 0 {
			if _, err := tx.Exec(ctx, `INSERT INTO good_practice_meetings (practice_id, programme_id, meeting_id) SELECT $1, $2, unnest($3::bigint[]) ON CONFLICT DO NOTHING`,
				g.ID, g.ProgrammeID, g.MeetingIDs); err != nil {
				return mapError(err, "", inForm(practiceFields))
			}
		}
		action := domain.AuditCreate
		if before != nil {
			action = domain.AuditUpdate
		}
		return audit(ctx, tx, a, action, "good_practice", FormatID(g.ID), before, g)
	})
}
