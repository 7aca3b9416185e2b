package store

// Closing reporting periods (zamknięcie okresu): the frozen snapshot filed
// with a payment request, and reopening.

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

// ClosedPeriods lists the codes of a programme's periods that are closed
// now (not reopened).
func (s *Store) ClosedPeriods(ctx context.Context, programmeID int64) (_ []string, err error) {
	defer wrap(&err, "store.ClosedPeriods(%d)", programmeID)
	rows, err := s.Pool.Query(ctx, `SELECT period FROM period_closings WHERE programme_id = $1 AND reopened_at IS NULL ORDER BY period`, programmeID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// Closings lists a programme's closings, newest first (reopened ones too).
func (s *Store) Closings(ctx context.Context, programmeID int64) (_ []*domain.Closing, err error) {
	defer wrap(&err, "store.Closings(%d)", programmeID)
	rows, err := s.Pool.Query(ctx, `SELECT `+closingColumns+closingJoins+` WHERE c.programme_id = $1 ORDER BY c.closed_at DESC, c.id DESC`, programmeID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (*domain.Closing, error) { return scanClosing(r) })
}

// ClosingOf returns the standing closing of a period, or nil.
func (s *Store) ClosingOf(ctx context.Context, programmeID int64, period string) (_ *domain.Closing, err error) {
	defer wrap(&err, "store.ClosingOf(%d, %q)", programmeID, period)
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
func (s *Store) ClosePeriod(ctx context.Context, a domain.Actor, p *domain.Programme, periodCode, requestNo string) (_ *domain.Closing, err error) {
	defer wrap(&err, "store.ClosePeriod(%d, %q)", p.ID, periodCode)
	var out *domain.Closing
	err = s.InTx(ctx, func(tx pgx.Tx) error {
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
func (s *Store) ReopenPeriod(ctx context.Context, a domain.Actor, programmeID int64, period, reason string) (err error) {
	defer wrap(&err, "store.ReopenPeriod(%d, %q)", programmeID, period)
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
