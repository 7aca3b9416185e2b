package indicator

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
	"kaizen/internal/pg"
)

// Load reads indicators (where is a condition on the indicators table).
func Load(ctx context.Context, q pg.Querier, where string, args ...any) ([]*domain.Indicator, error) {
	rows, err := q.Query(ctx, `SELECT id, programme_id, COALESCE(number, ''), name, type, unit_of_measure, baseline::text, target::text,
		method, source, frequency, component_id, rule, rule_params FROM indicators WHERE `+where+`
		ORDER BY position, NULLIF(regexp_replace(COALESCE(number, ''), '\D', '', 'g'), '')::numeric NULLS LAST, number, id`, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (*domain.Indicator, error) {
		var in domain.Indicator
		var baseline, target string
		var params []byte
		if err := r.Scan(&in.ID, &in.ProgrammeID, &in.Number, &in.Name, &in.Type, &in.UnitOfMeasure, &baseline, &target,
			&in.Method, &in.Source, &in.Frequency, &in.ComponentID, &in.Rule, &params); err != nil {
			return nil, err
		}
		if err := in.Baseline.ScanSQL(baseline); err != nil {
			return nil, err
		}
		if err := in.Target.ScanSQL(target); err != nil {
			return nil, err
		}
		return &in, json.Unmarshal(params, &in.Params)
	})
}

// Periods returns a programme's reporting periods: its own, or calendar
// quarters over its dates. One statement: the programme's dates with its
// own periods as parallel arrays (by start; starts are unique).
func Periods(ctx context.Context, q pg.Querier, programmeID int64) (domain.Periods, error) {
	var start, end time.Time
	var codes []string
	var starts, ends []time.Time
	if err := q.QueryRow(ctx, `SELECT p.start_date, p.end_date,
		ARRAY(SELECT rp.code FROM reporting_periods rp WHERE rp.programme_id = p.id ORDER BY rp.starts_on, rp.code),
		ARRAY(SELECT rp.starts_on FROM reporting_periods rp WHERE rp.programme_id = p.id ORDER BY rp.starts_on, rp.code),
		ARRAY(SELECT rp.ends_on FROM reporting_periods rp WHERE rp.programme_id = p.id ORDER BY rp.starts_on, rp.code)
		FROM programmes p WHERE p.id = $1`, programmeID).Scan(&start, &end, &codes, &starts, &ends); err != nil {
		return nil, err
	}
	if len(starts) != len(codes) || len(ends) != len(codes) {
		return nil, fmt.Errorf("programme %d: its periods' arrays differ in length", programmeID)
	}
	var custom []domain.Period
	for i := range codes {
		custom = append(custom, domain.Period{Custom: true, Code: codes[i], Start: starts[i], End: ends[i]})
	}
	return domain.ProgrammePeriods(start, end, custom), nil
}

// stored reads the stored facts of an indicator for ids of kind (all when
// ids is nil), sorted as compute sorts (bytes, not the database's collation).
func stored(ctx context.Context, q pg.Querier, indicatorID int64, kind domain.RefKind, ids []int64) ([]domain.Fact, error) {
	rows, err := q.Query(ctx, `SELECT subject, ref_kind, ref_id, unit_id, evidence_on, period, value::text, women, men, flagged, records
		FROM indicator_facts WHERE indicator_id = $1 AND ($2 OR (ref_kind = $3 AND ref_id = ANY($4)))`, indicatorID, ids == nil, string(kind), pg.IDs(ids))
	if err != nil {
		return nil, err
	}
	facts, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Fact, error) {
		var f domain.Fact
		var v string
		if err := r.Scan(&f.Subject, &f.RefKind, &f.RefID, &f.UnitID, &f.On, &f.Period, &v, &f.Women, &f.Men, &f.Flagged, &f.Records); err != nil {
			return f, err
		}
		return f, f.Value.ScanSQL(v)
	})
	slices.SortFunc(facts, bySubject)
	return facts, err
}

// apply writes the difference between stored and fresh facts.
func apply(ctx context.Context, tx pgx.Tx, in *domain.Indicator, insert, update []domain.Fact, remove []string) error {
	if len(remove) > 0 {
		if _, err := tx.Exec(ctx, `DELETE FROM indicator_facts WHERE indicator_id = $1 AND subject = ANY($2)`, in.ID, remove); err != nil {
			return err
		}
	}
	if len(update) > 0 {
		b := &pgx.Batch{}
		for _, f := range update {
			b.Queue(`UPDATE indicator_facts SET ref_kind = $3, ref_id = $4, unit_id = $5, evidence_on = $6, period = $7, value = $8::numeric,
				women = $9, men = $10, flagged = $11, records = $12, recorded_at = now() WHERE indicator_id = $1 AND subject = $2`,
				in.ID, f.Subject, string(f.RefKind), f.RefID, f.UnitID, f.On, f.Period, f.Value.SQL(), f.Women, f.Men, f.Flagged, f.Records)
		}
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return err
		}
	}
	if len(insert) > 0 {
		rows := make([][]any, len(insert))
		for i, f := range insert {
			rows[i] = []any{in.ID, in.ProgrammeID, f.Subject, string(f.RefKind), f.RefID, f.UnitID, f.On, f.Period, f.Value.SQL(), f.Women, f.Men, f.Flagged, f.Records}
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"indicator_facts"}, []string{"indicator_id", "programme_id", "subject", "ref_kind", "ref_id",
			"unit_id", "evidence_on", "period", "value", "women", "men", "flagged", "records"}, pgx.CopyFromRows(rows)); err != nil {
			return err
		}
	}
	return nil
}

// Lock serializes the changes of a programme's read model until the
// transaction ends: a fact depends on evidence in several records (a
// person's attendance in every session), so two transactions recomputing
// it at once would each miss the other's change; and the sums they update
// would be locked in different orders (deadlocks). After the lock, each
// computation reads what the transactions before it committed.
func Lock(ctx context.Context, tx pgx.Tx, programmeID int64) error {
	_, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(72618, $1::int)`, programmeID)
	return err
}

// Refresh brings the facts of a programme's indicators in step with the
// evidence for the records scope names (everything when scope is nil).
func Refresh(ctx context.Context, tx pgx.Tx, programmeID int64, scope Scope) error {
	return refreshWhere(ctx, tx, programmeID, scope, `programme_id = $1`, programmeID)
}

// refreshWhole recomputes all facts of the programme's indicators ids (new,
// or their rule or parameters changed).
func refreshWhole(ctx context.Context, tx pgx.Tx, programmeID int64, ids []int64) error {
	return refreshWhere(ctx, tx, programmeID, nil, `programme_id = $1 AND id = ANY($2)`, programmeID, ids)
}

// refreshWhere refreshes the programme's indicators that where selects.
func refreshWhere(ctx context.Context, tx pgx.Tx, programmeID int64, scope Scope, where string, args ...any) error {
	if err := Lock(ctx, tx, programmeID); err != nil {
		return err
	}
	inds, err := Load(ctx, tx, where, args...)
	if err != nil || len(inds) == 0 {
		return err
	}
	periods, err := Periods(ctx, tx, programmeID)
	if err != nil {
		return err
	}
	for _, in := range inds {
		if err := refresh(ctx, tx, in, periods, scope); err != nil {
			return err
		}
	}
	return nil
}

func refresh(ctx context.Context, tx pgx.Tx, in *domain.Indicator, periods domain.Periods, scope Scope) error {
	kind := KindOf(in.Rule)
	var ids []int64
	if scope != nil {
		ids = scope[kind]
		if kind == "" || len(ids) == 0 {
			return nil
		}
	}
	fresh, err := compute(ctx, tx, in, periods, ids)
	if err != nil {
		return err
	}
	old, err := stored(ctx, tx, in.ID, kind, ids)
	if err != nil {
		return err
	}
	insert, update, remove := diff(old, fresh)
	return apply(ctx, tx, in, insert, update, remove)
}

// Drain refreshes what the transaction's writes touched (noted by the
// triggers of migration 00008) and clears the notes; the transaction
// helper calls it before every COMMIT, and the database refuses a COMMIT
// that left notes behind.
func Drain(ctx context.Context, tx pgx.Tx) error {
	rows, err := tx.Query(ctx, `DELETE FROM read_model_touches WHERE tx = txid_current_if_assigned()
		RETURNING programme_id, ref_kind, ref_id`)
	if err != nil {
		return err
	}
	byProgramme := map[int64]*touched{}
	var order []int64
	var pid, ref int64
	var kind string
	if _, err := pgx.ForEachRow(rows, []any{&pid, &kind, &ref}, func() error {
		w := byProgramme[pid]
		if w == nil {
			w = &touched{scope: Scope{}}
			byProgramme[pid] = w
			order = append(order, pid)
		}
		switch kind {
		case "all":
			w.all = true
		case "indicator":
			w.indicators = append(w.indicators, ref)
		default:
			w.scope[domain.RefKind(kind)] = append(w.scope[domain.RefKind(kind)], ref)
		}
		return nil
	}); err != nil {
		return err
	}
	// Programmes in a fixed order: two transactions lock their read models
	// in the same order.
	sort.Slice(order, func(i, j int) bool { return order[i] < order[j] })
	for _, pid := range order {
		if err := byProgramme[pid].refresh(ctx, tx, pid); err != nil {
			return err
		}
	}
	return nil
}

// touched is what a transaction's writes touched in one programme.
type touched struct {
	all        bool    // the plan changed: everything
	indicators []int64 // indicators created or changed: whole
	scope      Scope   // records of each reference kind
}

func (w *touched) refresh(ctx context.Context, tx pgx.Tx, programmeID int64) error {
	if w.all {
		return Refresh(ctx, tx, programmeID, nil)
	}
	if len(w.indicators) > 0 {
		if err := refreshWhole(ctx, tx, programmeID, w.indicators); err != nil {
			return err
		}
	}
	if len(w.scope) > 0 {
		return Refresh(ctx, tx, programmeID, w.scope)
	}
	return nil
}

// RebuildSums recomputes a programme's per-period and per-unit sums from
// its facts (repairs sums that drifted; the triggers keep them otherwise).
func RebuildSums(ctx context.Context, tx pgx.Tx, programmeID int64) error {
	for _, q := range []string{
		`DELETE FROM indicator_period_values v USING indicators i WHERE i.id = v.indicator_id AND i.programme_id = $1`,
		`DELETE FROM indicator_unit_values v USING indicators i WHERE i.id = v.indicator_id AND i.programme_id = $1`,
		`INSERT INTO indicator_period_values (indicator_id, period, value, women, men, flagged, records, facts)
			SELECT indicator_id, period, sum(value), sum(women), sum(men), sum(flagged), sum(records), count(*)
			FROM indicator_facts WHERE programme_id = $1 GROUP BY indicator_id, period`,
		`INSERT INTO indicator_unit_values (indicator_id, unit_id, period, value, women, men, flagged, records, facts)
			SELECT indicator_id, unit_id, period, sum(value), sum(women), sum(men), sum(flagged), sum(records), count(*)
			FROM indicator_facts WHERE programme_id = $1 GROUP BY indicator_id, unit_id, period`,
	} {
		if _, err := tx.Exec(ctx, q, programmeID); err != nil {
			return err
		}
	}
	return nil
}
