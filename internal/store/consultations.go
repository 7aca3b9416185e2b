package store

// Expert consultations (konsultacje) in the units.

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
)

const consultationNotFound = "Nie ma takiej konsultacji w tym programie."

// consultationFields maps the constraints of the consultation form to the
// field and message shown when a write violates them.
var consultationFields = map[string]map[string]string{
	"consultations_programme_id_task_id_fkey": {"task": "Wybierz zadanie tego programu."},
	"consultations_programme_id_unit_id_fkey": {"unit": "Wybierz jednostkę uczestniczącą w programie."},
}

const consultationColumns = `c.id, c.programme_id, c.task_id, c.unit_id, c.expert, c.day, c.hours::text, c.days::text, c.topic, c.work_done, c.version,
	t.code || ' ' || t.name, u.name`

func scanConsultation(r pgx.Row) (domain.ConsultationRow, error) {
	var c domain.ConsultationRow
	var hours, days string
	if err := r.Scan(&c.ID, &c.ProgrammeID, &c.TaskID, &c.UnitID, &c.Expert, &c.Day, &hours, &days, &c.Topic, &c.WorkDone, &c.Version,
		&c.TaskLabel, &c.UnitName); err != nil {
		return c, err
	}
	if err := c.Hours.ScanSQL(hours); err != nil {
		return c, err
	}
	return c, c.Days.ScanSQL(days)
}

// Consultations lists a programme's consultations, newest first.
func (s *Store) Consultations(ctx context.Context, programmeID int64) ([]domain.ConsultationRow, error) {
	list, _, err := s.ConsultationsPage(ctx, programmeID, 0, 0)
	return list, err
}

// ConsultationsPage is one page of Consultations (limit 0: all) and how
// many there are.
func (s *Store) ConsultationsPage(ctx context.Context, programmeID int64, offset, limit int) (_ []domain.ConsultationRow, _ int, err error) {
	defer wrap(&err, "store.ConsultationsPage(%d, %d, %d)", programmeID, offset, limit)
	var total int
	if err := s.Pool.QueryRow(ctx, `SELECT count(*) FROM consultations WHERE programme_id = $1`, programmeID).Scan(&total); err != nil {
		return nil, 0, err
	}
	var lim any // NULL: no limit
	if limit > 0 {
		lim = limit
	}
	rows, err := s.Pool.Query(ctx, `SELECT `+consultationColumns+` FROM consultations c JOIN tasks t ON t.id = c.task_id JOIN units u ON u.id = c.unit_id
		WHERE c.programme_id = $1 ORDER BY c.day DESC, c.id DESC OFFSET $2 LIMIT $3`, programmeID, offset, lim)
	if err != nil {
		return nil, 0, err
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.ConsultationRow, error) { return scanConsultation(r) })
	return list, total, err
}

var consultationSorts = sortColumns{domain.SortDate: "c.day", domain.SortTask: "t.code", domain.SortUnit: "u.name",
	domain.SortExpert: "c.expert", domain.SortDays: "c.days"}

// ConsultationList returns one page of a programme's consultations matching
// f (Limit 0: all), in its order, and how many match in all.
func (s *Store) ConsultationList(ctx context.Context, programmeID int64, f domain.ConsultationFilter) (_ []domain.ConsultationRow, _ int, err error) {
	defer wrap(&err, "store.ConsultationList(%d)", programmeID)
	pg, args := page(f.ListQuery, []any{programmeID, f.UnitID, f.TaskID, searchArg(f.ListQuery)})
	rows, err := s.Pool.Query(ctx, `SELECT `+consultationColumns+`, count(*) OVER () FROM consultations c JOIN tasks t ON t.id = c.task_id JOIN units u ON u.id = c.unit_id
		WHERE c.programme_id = $1 AND ($2 = 0 OR c.unit_id = $2) AND ($3 = 0 OR c.task_id = $3)
		AND ($4 = '' OR c.expert ILIKE '%' || $4 || '%' OR c.topic ILIKE '%' || $4 || '%' OR u.name ILIKE '%' || $4 || '%')`+
		orderBy(f.ListQuery, domain.SortConsultations, consultationSorts, "c.id DESC")+pg, args...)
	if err != nil {
		return nil, 0, err
	}
	total := 0
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.ConsultationRow, error) {
		c, err := scanConsultation(withTotal{r, &total})
		return c, err
	})
	if err == nil && len(list) == 0 && f.Offset > 0 { // past the end: still say how many match
		f.Offset, f.Limit = 0, 1
		_, total, err = s.ConsultationList(ctx, programmeID, f)
	}
	return list, total, err
}

// Consultation returns one consultation of a programme.
func (s *Store) Consultation(ctx context.Context, programmeID, id int64) (_ domain.ConsultationRow, err error) {
	defer wrap(&err, "store.Consultation(%d, %d)", programmeID, id)
	c, err := scanConsultation(s.Pool.QueryRow(ctx, `SELECT `+consultationColumns+` FROM consultations c JOIN tasks t ON t.id = c.task_id
		JOIN units u ON u.id = c.unit_id WHERE c.programme_id = $1 AND c.id = $2`, programmeID, id))
	return c, mapError(err, consultationNotFound)
}

// ConsultationDays sums delivered consultation days per task and unit.
func (s *Store) ConsultationDays(ctx context.Context, programmeID int64) (_ []domain.DeliveredDays, err error) {
	defer wrap(&err, "store.ConsultationDays(%d)", programmeID)
	rows, err := s.Pool.Query(ctx, `SELECT task_id, unit_id, sum(days)::text FROM consultations WHERE programme_id = $1 GROUP BY task_id, unit_id`, programmeID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.DeliveredDays, error) {
		var d domain.DeliveredDays
		var days string
		if err := r.Scan(&d.TaskID, &d.UnitID, &days); err != nil {
			return d, err
		}
		return d, d.Days.ScanSQL(days)
	})
}

// SaveConsultation creates (ID 0; token makes a repeated submission create
// nothing twice) or updates a consultation (optimistic locking by Version).
func (s *Store) SaveConsultation(ctx context.Context, a domain.Actor, p *domain.Programme, c *domain.Consultation, token string) (err error) {
	defer wrap(&err, "store.SaveConsultation(%d, %d)", p.ID, c.ID)
	if err := c.Validate(p.Start, p.End); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		var kind string
		if err := tx.QueryRow(ctx, `SELECT kind FROM tasks WHERE programme_id = $1 AND id = $2`, p.ID, c.TaskID).Scan(&kind); err != nil {
			if errors.Is(err, pgx.ErrNoRows) {
				return &domain.Error{Code: domain.EINVALID, Message: "Formularz zawiera błędy.", Fields: map[string]string{"task": "Wybierz zadanie tego programu."}}
			}
			return err
		}
		if domain.TaskKind(kind) == domain.TaskMeetings {
			return &domain.Error{Code: domain.EINVALID, Message: "Formularz zawiera błędy.", Fields: map[string]string{"task": "Konsultacje rejestruje się w zadaniach innych niż spotkania."}}
		}
		if c.ID == 0 {
			if dup, err := claimSubmission(ctx, tx, token, a.UserID, &c.ID); err != nil || dup {
				return err
			}
			var by *int64
			if a.UserID != 0 {
				by = &a.UserID
			}
			err = tx.QueryRow(ctx, `INSERT INTO consultations (programme_id, task_id, unit_id, expert, day, hours, days, topic, work_done, recorded_by)
				VALUES ($1, $2, $3, $4, $5, $6::numeric, $7::numeric, $8, $9, $10) RETURNING id, version`,
				p.ID, c.TaskID, c.UnitID, c.Expert, c.Day, c.Hours.SQL(), c.Days.SQL(), c.Topic, c.WorkDone, by).Scan(&c.ID, &c.Version)
			if err != nil {
				return mapError(err, "", inForm(consultationFields))
			}
			if err := finishSubmission(ctx, tx, token, FormatID(c.ID)); err != nil {
				return err
			}
			return audit(ctx, tx, a, domain.AuditCreate, "consultation", FormatID(c.ID), nil, c)
		}
		before, err := scanConsultation(tx.QueryRow(ctx, `SELECT `+consultationColumns+` FROM consultations c JOIN tasks t ON t.id = c.task_id
			JOIN units u ON u.id = c.unit_id WHERE c.programme_id = $1 AND c.id = $2`, p.ID, c.ID))
		if err != nil {
			return mapError(err, consultationNotFound)
		}
		tag, err := tx.Exec(ctx, `UPDATE consultations SET task_id = $4, unit_id = $5, expert = $6, day = $7, hours = $8::numeric, days = $9::numeric,
			topic = $10, work_done = $11, version = version + 1, updated_at = now() WHERE programme_id = $1 AND id = $2 AND version = $3`,
			p.ID, c.ID, c.Version, c.TaskID, c.UnitID, c.Expert, c.Day, c.Hours.SQL(), c.Days.SQL(), c.Topic, c.WorkDone)
		if err != nil {
			return mapError(err, consultationNotFound, inForm(consultationFields))
		}
		if tag.RowsAffected() == 0 {
			return errStale
		}
		c.Version++
		return audit(ctx, tx, a, domain.AuditUpdate, "consultation", FormatID(c.ID), before.Consultation, c)
	})
}

// UnitConsultations sums a unit's consultation days per task.
func (s *Store) UnitConsultations(ctx context.Context, programmeID, unitID int64) (_ []domain.UnitConsultation, err error) {
	defer wrap(&err, "store.UnitConsultations(%d, %d)", programmeID, unitID)
	rows, err := s.Pool.Query(ctx, `SELECT t.code, t.name, sum(c.days)::text, count(*), max(c.day) FROM consultations c JOIN tasks t ON t.id = c.task_id
		WHERE c.programme_id = $1 AND c.unit_id = $2 GROUP BY t.id, t.code, t.name ORDER BY t.code, t.id`, programmeID, unitID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.UnitConsultation, error) {
		var u domain.UnitConsultation
		var days string
		if err := r.Scan(&u.TaskCode, &u.TaskName, &days, &u.Count, &u.Last); err != nil {
			return u, err
		}
		return u, u.Days.ScanSQL(days)
	})
}
