package store

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
	"kaizen/internal/indicator"
)

// The indicator read model is the indicator engine's (internal/indicator):
// InTx drains what a transaction's writes touched before COMMIT. The store
// only offers the engine's whole-database operations.

// ProgrammePeriods returns a programme's reporting periods.
func (s *Store) ProgrammePeriods(ctx context.Context, programmeID int64) (_ domain.Periods, err error) {
	defer wrap(&err, "store.ProgrammePeriods(%d)", programmeID)
	return programmePeriods(ctx, s.Pool, programmeID)
}

func programmePeriods(ctx context.Context, q querier, programmeID int64) (domain.Periods, error) {
	periods, err := indicator.Periods(ctx, q, programmeID)
	return periods, mapError(err, "Nie ma takiego programu.")
}

// RefreshAll recomputes the read model of every programme from the raw
// evidence, one programme per transaction.
func (s *Store) RefreshAll(ctx context.Context) (err error) {
	defer wrap(&err, "store.RefreshAll()")
	progs, err := s.Programmes(ctx)
	if err != nil {
		return err
	}
	for _, p := range progs {
		if err := s.InTx(ctx, func(tx pgx.Tx) error {
			if err := indicator.Refresh(ctx, tx, p.ID, nil); err != nil {
				return err
			}
			return indicator.RebuildSums(ctx, tx, p.ID)
		}); err != nil {
			return fmt.Errorf("programme %s: %w", p.Code, err)
		}
	}
	return nil
}

// FactDifference is where the read model and the evidence disagree.
type FactDifference = indicator.Difference

// CheckReadModel recomputes every fact from the raw evidence and compares
// it, and every aggregate, with what is stored; it changes nothing. Each
// programme is checked in its own read-only snapshot, checkWorkers at once
// (the database and this process share the work: while one programme's
// rows are compared here, the next one's are computed there); the
// differences come in the programmes' order.
func (s *Store) CheckReadModel(ctx context.Context) (facts int, diffs []FactDifference, err error) {
	defer wrap(&err, "store.CheckReadModel()")
	progs, err := s.Programmes(ctx)
	if err != nil {
		return 0, nil, err
	}
	type result struct {
		facts int
		diffs []FactDifference
		err   error
	}
	results := make([]result, len(progs))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sem := make(chan struct{}, checkWorkers())
	var wg sync.WaitGroup
	for i, p := range progs {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			r := &results[i]
			r.err = pgx.BeginTxFunc(ctx, s.Pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
				// Each of the check's queries runs once: compiling it
				// (JIT) costs more than it saves. A programme's people
				// trained, grouped per indicator, fit in memory.
				if _, err := tx.Exec(ctx, `SET LOCAL jit = off; SET LOCAL work_mem = '32MB'`); err != nil {
					return err
				}
				var err error
				r.facts, r.diffs, err = indicator.Check(ctx, tx, p.ID, p.Code)
				return err
			})
			if r.err != nil {
				cancel() // the others need not finish
			}
		})
	}
	wg.Wait()
	for _, r := range results {
		facts += r.facts
		diffs = append(diffs, r.diffs...)
	}
	// The error that stopped the check, not the cancellation it caused.
	first := -1
	for i, r := range results {
		if r.err != nil && (first < 0 || errors.Is(results[first].err, context.Canceled) && !errors.Is(r.err, context.Canceled)) {
			first = i
		}
	}
	if first >= 0 {
		return facts, diffs, fmt.Errorf("programme %s: %w", progs[first].Code, results[first].err)
	}
	return facts, diffs, nil
}

// checkWorkers is how many programmes CheckReadModel checks at once: one
// per core, at least 2 and at most 4 (the pool's other connections stay
// free).
func checkWorkers() int { return min(max(runtime.GOMAXPROCS(0), 2), 4) }

// ReadModelMissing reports whether indicators exist but no fact was ever
// computed although there is evidence (a database from before the read
// model).
func (s *Store) ReadModelMissing(ctx context.Context) (_ bool, err error) {
	defer wrap(&err, "store.ReadModelMissing()")
	var missing bool
	err = s.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM indicators) AND NOT EXISTS (SELECT 1 FROM indicator_facts)
		AND (EXISTS (SELECT 1 FROM attendance) OR EXISTS (SELECT 1 FROM meetings) OR EXISTS (SELECT 1 FROM protocols) OR EXISTS (SELECT 1 FROM consultations))`).Scan(&missing)
	return missing, err
}

// SeriesFromEvidence computes every indicator's values by period straight
// from the raw evidence, as the read model holds them (for comparison and
// benchmarks; pages read the read model).
func (s *Store) SeriesFromEvidence(ctx context.Context, programmeID int64) (out map[int64]map[string]domain.PeriodValue, err error) {
	defer wrap(&err, "store.SeriesFromEvidence(%d)", programmeID)
	err = pgx.BeginTxFunc(ctx, s.Pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		out, err = indicator.Series(ctx, tx, programmeID)
		return err
	})
	return out, err
}

// SavePeriods replaces a programme's own reporting periods (none: calendar
// quarters) and moves every fact to its new period. Refused while a period
// is closed: the filed reports name their periods.
func (s *Store) SavePeriods(ctx context.Context, a domain.Actor, p *domain.Programme, periods []domain.Period) (err error) {
	defer wrap(&err, "store.SavePeriods(%d)", p.ID)
	if err := domain.ValidatePeriods(periods, p.Start, p.End); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(72617, $1::int)`, p.ID); err != nil {
			return err
		}
		var closed bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM period_closings WHERE programme_id = $1 AND reopened_at IS NULL)`, p.ID).Scan(&closed); err != nil {
			return err
		}
		if closed {
			return domain.Errorf(domain.ECONFLICT, "Okresów sprawozdawczych nie można zmienić, gdy któryś z nich jest zamknięty: złożone sprawozdania odwołują się do nich.")
		}
		before, err := programmePeriods(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM reporting_periods WHERE programme_id = $1`, p.ID); err != nil {
			return err
		}
		for _, per := range periods {
			if _, err := tx.Exec(ctx, `INSERT INTO reporting_periods (programme_id, code, starts_on, ends_on) VALUES ($1, $2, $3, $4)`,
				p.ID, per.Code, per.Start, per.End); err != nil {
				return mapError(err, "")
			}
		}
		codes := func(ps domain.Periods) []string {
			out := make([]string, len(ps))
			for i, x := range ps {
				out[i] = x.Label()
			}
			return out
		}
		after, err := programmePeriods(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		return audit(ctx, tx, a, domain.AuditUpdate, "programme", FormatID(p.ID), map[string]any{"periods": codes(before)}, map[string]any{"periods": codes(after)})
	})
}

// IndicatorSeries returns each indicator's values by period (read from the
// aggregates, never from raw evidence); unitID 0 means the whole programme.
func (s *Store) IndicatorSeries(ctx context.Context, programmeID, unitID int64) (_ map[int64]map[string]domain.PeriodValue, err error) {
	defer wrap(&err, "store.IndicatorSeries(%d, %d)", programmeID, unitID)
	sql := `SELECT v.indicator_id, v.period, v.value::text, v.women, v.men, v.flagged, v.records, v.facts
		FROM indicator_period_values v JOIN indicators i ON i.id = v.indicator_id WHERE i.programme_id = $1 AND $2::bigint = 0`
	if unitID != 0 {
		sql = `SELECT v.indicator_id, v.period, v.value::text, v.women, v.men, v.flagged, v.records, v.facts
			FROM indicator_unit_values v JOIN indicators i ON i.id = v.indicator_id WHERE i.programme_id = $1 AND v.unit_id = $2`
	}
	return indicatorSeries(ctx, s.Pool, sql, programmeID, unitID)
}

// indicatorSeries reads rows of (indicator, period, value, women, men,
// flagged, records, facts) into each indicator's values by period.
func indicatorSeries(ctx context.Context, q querier, sql string, args ...any) (map[int64]map[string]domain.PeriodValue, error) {
	rows, err := q.Query(ctx, sql, args...)
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
func (s *Store) IndicatorFacts(ctx context.Context, in *domain.Indicator, f domain.FactFilter) (_ []domain.FactRow, _ int, err error) {
	defer wrap(&err, "store.IndicatorFacts(%d)", in.ID)
	return indicator.Facts(ctx, s.Pool, in, f)
}
