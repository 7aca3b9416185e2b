package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
	"kaizen/internal/indicator"
)

// IndicatorSeries returns each indicator's values by period (read from the
// aggregates, never from raw evidence); unitID 0 means the whole programme.
func (s *Store) IndicatorSeries(ctx context.Context, programmeID, unitID int64) (map[int64]map[string]domain.PeriodValue, error) {
	sql := `SELECT v.indicator_id, v.period, v.value::text, v.women, v.men, v.flagged, v.records, v.facts
		FROM indicator_period_values v JOIN indicators i ON i.id = v.indicator_id WHERE i.programme_id = $1 AND $2::bigint = 0`
	if unitID != 0 {
		sql = `SELECT v.indicator_id, v.period, v.value::text, v.women, v.men, v.flagged, v.records, v.facts
			FROM indicator_unit_values v JOIN indicators i ON i.id = v.indicator_id WHERE i.programme_id = $1 AND v.unit_id = $2`
	}
	rows, err := s.Pool.Query(ctx, sql, programmeID, unitID)
	if err != nil {
		return nil, err
	}
	out := map[int64]map[string]domain.PeriodValue{}
	var id int64
	var v domain.PeriodValue
	var value string
	_, err = pgx.ForEachRow(rows, []any{&id, &v.Period, &value, &v.Women, &v.Men, &v.Flagged, &v.Records, &v.Facts}, func() error {
		if err := v.Value.ScanSQL(value); err != nil {
			return err
		}
		if out[id] == nil {
			out[id] = map[string]domain.PeriodValue{}
		}
		out[id][v.Period] = v
		return nil
	})
	return out, err
}

// IndicatorFacts lists the counted things behind an indicator (the
// engine's drill-down); names of persons are left to the caller.
func (s *Store) IndicatorFacts(ctx context.Context, in *domain.Indicator, f domain.FactFilter) ([]domain.FactRow, int, error) {
	return indicator.Facts(ctx, s.Pool, in, f)
}

// PersonNames returns the names and units of persons by id.
func (s *Store) PersonNames(ctx context.Context, ids []int64) (map[int64]string, error) {
	rows, err := s.Pool.Query(ctx, `SELECT id, first_name || ' ' || last_name FROM persons WHERE id = ANY($1)`, nonNilIDs(ids))
	if err != nil {
		return nil, err
	}
	out := map[int64]string{}
	var id int64
	var name string
	_, err = pgx.ForEachRow(rows, []any{&id, &name}, func() error { out[id] = name; return nil })
	return out, err
}

// --- closing periods

func scanClosing(r pgx.Row) (*domain.Closing, error) {
	var c domain.Closing
	var reopened *time.Time
	var reason *string
	err := r.Scan(&c.ID, &c.Period, &c.ClosedAt, &c.ClosedBy, &c.RequestNo, &c.Content, &c.Digest, &reopened, &c.ReopenedBy, &reason)
	if err != nil {
		return nil, err
	}
	if reopened != nil {
		c.ReopenedAt = *reopened
	}
	if reason != nil {
		c.ReopenReason = *reason
	}
	if err := json.Unmarshal([]byte(c.Content), &c.Snapshot); err != nil {
		return nil, err
	}
	return &c, nil
}

const closingColumns = `c.id, c.period, c.closed_at, COALESCE(u.username, ''), c.request_no, c.snapshot, c.digest, c.reopened_at, COALESCE(r.username, ''), c.reopen_reason`

const closingJoins = ` FROM period_closings c LEFT JOIN users u ON u.id = c.closed_by LEFT JOIN users r ON r.id = c.reopened_by`

// Closings lists a programme's closings, newest first (reopened ones too).
func (s *Store) Closings(ctx context.Context, programmeID int64) ([]*domain.Closing, error) {
	rows, err := s.Pool.Query(ctx, `SELECT `+closingColumns+closingJoins+` WHERE c.programme_id = $1 ORDER BY c.closed_at DESC, c.id DESC`, programmeID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (*domain.Closing, error) { return scanClosing(r) })
}

// ClosingOf returns the standing closing of a period, or nil.
func (s *Store) ClosingOf(ctx context.Context, programmeID int64, period string) (*domain.Closing, error) {
	c, err := scanClosing(s.Pool.QueryRow(ctx, `SELECT `+closingColumns+closingJoins+` WHERE c.programme_id = $1 AND c.period = $2 AND c.reopened_at IS NULL`,
		programmeID, period))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return c, err
}

// canonicalSnapshot is a snapshot's JSON in a fixed form (struct field
// order, no HTML escaping).
func canonicalSnapshot(s domain.Snapshot) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return bytes.TrimRight(buf.Bytes(), "\n")
}

// ClosePeriod freezes a period's report as filed with a payment request,
// once the period has ended: the snapshot is made from the read model inside
// the transaction, so it is exactly what the database held at closing.
func (s *Store) ClosePeriod(ctx context.Context, a domain.Actor, p *domain.Programme, periodCode, requestNo string) (*domain.Closing, error) {
	var out *domain.Closing
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		// One closing at a time per programme, after every change of the
		// read model in progress has committed (none starts until this
		// closing commits): the snapshot is exactly the committed values.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(72617, $1::int)`, p.ID); err != nil {
			return err
		}
		if err := indicator.Lock(ctx, tx, p.ID); err != nil {
			return err
		}
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM period_closings WHERE programme_id = $1 AND period = $2 AND reopened_at IS NULL)`,
			p.ID, periodCode).Scan(&exists); err != nil {
			return err
		}
		if exists {
			return domain.Errorf(domain.ECONFLICT, "Okres %s jest już zamknięty. Ponowne otwarcie może zlecić tylko administrator.", periodCode)
		}
		periods, err := indicator.Periods(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		period, idx, ok := periods.Find(periodCode)
		if !ok {
			return domain.Errorf(domain.ENOTFOUND, "Program nie ma okresu %s.", periodCode)
		}
		if err := domain.CheckClosable(period, domain.TodayIn(s.Now())); err != nil {
			return err
		}
		inds, err := indicator.Load(ctx, tx, `programme_id = $1`, p.ID)
		if err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT v.indicator_id, v.period, v.value::text, v.women, v.men, v.flagged, v.records, v.facts
			FROM indicator_period_values v JOIN indicators i ON i.id = v.indicator_id WHERE i.programme_id = $1`, p.ID)
		if err != nil {
			return err
		}
		series := map[int64]map[string]domain.PeriodValue{}
		var id int64
		var v domain.PeriodValue
		var value string
		if _, err := pgx.ForEachRow(rows, []any{&id, &v.Period, &value, &v.Women, &v.Men, &v.Flagged, &v.Records, &v.Facts}, func() error {
			if err := v.Value.ScanSQL(value); err != nil {
				return err
			}
			if series[id] == nil {
				series[id] = map[string]domain.PeriodValue{}
			}
			series[id][v.Period] = v
			return nil
		}); err != nil {
			return err
		}
		snap := domain.SnapshotOf(p.Code, periods, idx, inds, series)
		content := canonicalSnapshot(snap)
		c := &domain.Closing{Period: period.Code, RequestNo: requestNo, Snapshot: snap, Content: string(content), Digest: domain.DigestOf(content), ClosedBy: a.Username}
		var by *int64
		if a.UserID != 0 {
			by = &a.UserID
		}
		if err := tx.QueryRow(ctx, `INSERT INTO period_closings (programme_id, period, closed_by, request_no, snapshot, digest)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, closed_at`, p.ID, period.Code, by, requestNo, c.Content, c.Digest).Scan(&c.ID, &c.ClosedAt); err != nil {
			return mapError(err, "")
		}
		out = c
		return audit(ctx, tx, a, domain.AuditClose, "period", FormatID(p.ID)+"/"+period.Code, nil,
			map[string]any{"period": period.Code, "request_no": requestNo, "digest": c.Digest})
	})
	return out, err
}

// ReopenPeriod undoes a closing (administrators, with a reason); the
// closing and its snapshot stay in the history.
func (s *Store) ReopenPeriod(ctx context.Context, a domain.Actor, programmeID int64, period, reason string) error {
	return s.InTx(ctx, func(tx pgx.Tx) error {
		var id int64
		var digest string
		err := tx.QueryRow(ctx, `SELECT id, digest FROM period_closings WHERE programme_id = $1 AND period = $2 AND reopened_at IS NULL FOR UPDATE`,
			programmeID, period).Scan(&id, &digest)
		if errors.Is(err, pgx.ErrNoRows) {
			return domain.Errorf(domain.ECONFLICT, "Okres %s nie jest zamknięty.", period)
		} else if err != nil {
			return err
		}
		var by *int64
		if a.UserID != 0 {
			by = &a.UserID
		}
		if _, err := tx.Exec(ctx, `UPDATE period_closings SET reopened_at = now(), reopened_by = $2, reopen_reason = $3 WHERE id = $1`, id, by, reason); err != nil {
			return mapError(err, "")
		}
		return audit(ctx, tx, a, domain.AuditReopen, "period", FormatID(programmeID)+"/"+period, map[string]any{"digest": digest}, map[string]any{"reason": reason})
	})
}

// --- manual values

// AddManualValue records a manual indicator's value with its evidence file.
func (s *Store) AddManualValue(ctx context.Context, a domain.Actor, in *domain.Indicator, v *domain.ManualValue, fileName, contentType string, data []byte) error {
	if in.Rule != domain.RuleManual {
		return domain.Errorf(domain.ECONFLICT, "Ten wskaźnik jest liczony z dowodów; wartości wpisuje się tylko dla wskaźników z regułą „wartość wpisywana ręcznie”.")
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		f := newFile(fileName, contentType, data)
		if err := insertFile(ctx, tx, a, f, data); err != nil {
			return err
		}
		var by *int64
		if a.UserID != 0 {
			by = &a.UserID
		}
		var unit *int64
		if v.UnitID != 0 {
			unit = &v.UnitID
		}
		if err := tx.QueryRow(ctx, `INSERT INTO indicator_manual_values (indicator_id, value, evidence_on, note, file_id, unit_id, created_by)
			VALUES ($1, $2::numeric, $3, $4, $5, $6, $7) RETURNING id, created_at`, in.ID, v.Value.SQL(), v.On, v.Note, f.ID, unit, by).Scan(&v.ID, &v.CreatedAt); err != nil {
			return mapError(err, "")
		}
		v.File = *f
		return audit(ctx, tx, a, domain.AuditCreate, "indicator_value", FormatID(in.ID), nil,
			map[string]any{"value": v.Value, "evidence_on": v.On.Format("2006-01-02"), "note": v.Note, "file_sha256": f.SHA256})
	})
}

// ManualValues lists a manual indicator's values.
func (s *Store) ManualValues(ctx context.Context, indicatorID int64) ([]domain.ManualValue, error) {
	rows, err := s.Pool.Query(ctx, `SELECT v.id, v.value::text, v.evidence_on, v.note, COALESCE(v.unit_id, 0), COALESCE(u.username, ''), v.created_at,
		f.id, f.name, f.content_type, f.size, f.sha256
		FROM indicator_manual_values v JOIN files f ON f.id = v.file_id LEFT JOIN users u ON u.id = v.created_by
		WHERE v.indicator_id = $1 ORDER BY v.evidence_on, v.id`, indicatorID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.ManualValue, error) {
		var v domain.ManualValue
		var value string
		if err := r.Scan(&v.ID, &value, &v.On, &v.Note, &v.UnitID, &v.CreatedBy, &v.CreatedAt, &v.File.ID, &v.File.Name, &v.File.ContentType, &v.File.Size, &v.File.SHA256); err != nil {
			return v, err
		}
		return v, v.Value.ScanSQL(value)
	})
}

// ManualValueFile returns a manual value's evidence file.
func (s *Store) ManualValueFile(ctx context.Context, indicatorID, fileID int64) (*domain.File, []byte, error) {
	var f domain.File
	var data []byte
	err := s.Pool.QueryRow(ctx, `SELECT f.id, f.name, f.content_type, f.size, f.sha256, f.data FROM indicator_manual_values v JOIN files f ON f.id = v.file_id
		WHERE v.indicator_id = $1 AND f.id = $2`, indicatorID, fileID).Scan(&f.ID, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &data)
	if err != nil {
		return nil, nil, mapError(err, "Nie ma takiego pliku.")
	}
	return &f, data, nil
}

// UnitTrainings lists the sessions a unit's people attended.
func (s *Store) UnitTrainings(ctx context.Context, programmeID, unitID int64) ([]domain.UnitTraining, error) {
	// From the unit's people to their attendance (indexes on both), then
	// each session's days.
	rows, err := s.Pool.Query(ctx, `WITH ua AS (
			SELECT a.session_id, count(DISTINCT a.person_id) FILTER (WHERE a.present) AS people
			FROM persons pe JOIN attendance a ON a.person_id = pe.id
			WHERE pe.unit_id = $2 AND pe.programme_id = $1 AND a.programme_id = $1 GROUP BY a.session_id)
		SELECT s.id, t.code, t.topic, s.group_no, d.first, d.days, ua.people
		FROM ua JOIN training_sessions s ON s.id = ua.session_id JOIN trainings t ON t.id = s.training_id
		JOIN LATERAL (SELECT min(day) AS first, count(*) AS days FROM session_days WHERE session_id = s.id) d ON true
		ORDER BY d.first, s.id`, programmeID, unitID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.UnitTraining, error) {
		var u domain.UnitTraining
		err := r.Scan(&u.SessionID, &u.TrainingCode, &u.Topic, &u.GroupNo, &u.First, &u.Days, &u.People)
		return u, err
	})
}

// UnitConsultations sums a unit's consultation days per task.
func (s *Store) UnitConsultations(ctx context.Context, programmeID, unitID int64) ([]domain.UnitConsultation, error) {
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

// TrainedPerson is one person in the participant list for the funder.
type TrainedPerson struct {
	ID        int64
	FirstName string
	LastName  string
	UnitName  string
	UnitTERYT string
	Sex       string
	Position  string
	Email     string
	First     time.Time // first day present at a training of the programme
}

// TrainedPersons lists the people whose first day present at a training
// of the programme falls in [from, to] (each person once): the
// participants who joined in a reporting period.
func (s *Store) TrainedPersons(ctx context.Context, programmeID int64, from, to time.Time) ([]TrainedPerson, error) {
	rows, err := s.Pool.Query(ctx, `WITH first AS (
			SELECT a.person_id, min(a.day) AS first FROM attendance a WHERE a.programme_id = $1 AND a.present GROUP BY a.person_id)
		SELECT pe.id, pe.first_name, pe.last_name, u.name, COALESCE(u.teryt, ''), pe.sex, pe.position, pe.email, f.first
		FROM first f JOIN persons pe ON pe.id = f.person_id JOIN units u ON u.id = pe.unit_id
		WHERE f.first BETWEEN $2 AND $3 ORDER BY pe.last_name, pe.first_name, pe.id`, programmeID, from, to)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (TrainedPerson, error) {
		var t TrainedPerson
		err := r.Scan(&t.ID, &t.FirstName, &t.LastName, &t.UnitName, &t.UnitTERYT, &t.Sex, &t.Position, &t.Email, &t.First)
		return t, err
	})
}

// PseudonymKey is the programme's secret for pseudonyms in exports.
func (s *Store) PseudonymKey(ctx context.Context, programmeID int64) (string, error) {
	var k string
	err := s.Pool.QueryRow(ctx, `SELECT pseudonym_key FROM programmes WHERE id = $1`, programmeID).Scan(&k)
	return k, mapError(err, "Nie ma takiego programu.")
}
