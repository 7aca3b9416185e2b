package indicator

import (
	"context"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
	"kaizen/internal/pg"
)

// Difference is where the read model and the evidence disagree.
type Difference struct {
	Programme string
	Indicator string
	Subject   string
	Stored    string // "" when missing
	Computed  string // "" when it should not be there
}

// Check recomputes every fact of a programme from the raw evidence and
// compares it, and every sum, with what is stored; it changes nothing.
// code names the programme in the differences.
func Check(ctx context.Context, q pg.Querier, programmeID int64, code string) (facts int, diffs []Difference, err error) {
	periods, err := Periods(ctx, q, programmeID)
	if err != nil {
		return 0, nil, err
	}
	inds, err := Load(ctx, q, `programme_id = $1`, programmeID)
	if err != nil {
		return 0, nil, err
	}
	batched, err := computeBatches(ctx, q, programmeID, inds, periods)
	if err != nil {
		return 0, nil, err
	}
	for _, in := range inds {
		fresh, ok := batched[in.ID]
		delete(batched, in.ID)
		if !ok {
			if fresh, err = compute(ctx, q, in, periods, nil); err != nil {
				return facts, diffs, err
			}
		}
		facts += len(fresh)
		old, err := stored(ctx, q, in.ID, KindOf(in.Rule), nil)
		if err != nil {
			return facts, diffs, err
		}
		name := in.Number + " " + in.Name
		ins, upd, rem := diff(old, fresh)
		if len(ins)+len(upd)+len(rem) == 0 {
			continue
		}
		byS := make(map[string]domain.Fact, len(old))
		for _, f := range old {
			byS[f.Subject] = f
		}
		for _, f := range ins {
			diffs = append(diffs, Difference{code, name, f.Subject, "", f.String()})
		}
		for _, f := range upd {
			diffs = append(diffs, Difference{code, name, f.Subject, byS[f.Subject].String(), f.String()})
		}
		for _, sub := range rem {
			diffs = append(diffs, Difference{code, name, sub, byS[sub].String(), ""})
		}
	}
	// The sums must be the sums of the facts.
	rows, err := q.Query(ctx, `WITH f AS (
			SELECT indicator_id, unit_id, period, sum(value) v, sum(women) w, sum(men) m, sum(flagged) fl, sum(records) r, count(*) n
			FROM indicator_facts WHERE programme_id = $1 GROUP BY indicator_id, unit_id, period),
		fp AS (SELECT indicator_id, period, sum(v) v, sum(w) w, sum(m) m, sum(fl) fl, sum(r) r, sum(n) n FROM f GROUP BY indicator_id, period),
		up AS (SELECT u.* FROM indicator_unit_values u JOIN indicators i ON i.id = u.indicator_id WHERE i.programme_id = $1),
		pp AS (SELECT v.* FROM indicator_period_values v JOIN indicators i ON i.id = v.indicator_id WHERE i.programme_id = $1)
		SELECT 'unit ' || COALESCE(f.indicator_id, up.indicator_id) || '/' || COALESCE(f.unit_id, up.unit_id) || '/' || COALESCE(f.period, up.period),
			COALESCE(up.value::text || ' (' || up.facts || ')', ''), COALESCE(f.v::text || ' (' || f.n || ')', '')
		FROM f FULL JOIN up ON up.indicator_id = f.indicator_id AND up.unit_id = f.unit_id AND up.period = f.period
		WHERE f.v IS DISTINCT FROM up.value OR f.w IS DISTINCT FROM up.women OR f.m IS DISTINCT FROM up.men
			OR f.fl IS DISTINCT FROM up.flagged OR f.r IS DISTINCT FROM up.records OR f.n IS DISTINCT FROM up.facts
		UNION ALL
		SELECT 'period ' || COALESCE(fp.indicator_id, pp.indicator_id) || '/' || COALESCE(fp.period, pp.period),
			COALESCE(pp.value::text || ' (' || pp.facts || ')', ''), COALESCE(fp.v::text || ' (' || fp.n || ')', '')
		FROM fp FULL JOIN pp ON pp.indicator_id = fp.indicator_id AND pp.period = fp.period
		WHERE fp.v IS DISTINCT FROM pp.value OR fp.w IS DISTINCT FROM pp.women OR fp.m IS DISTINCT FROM pp.men
			OR fp.fl IS DISTINCT FROM pp.flagged OR fp.r IS DISTINCT FROM pp.records OR fp.n IS DISTINCT FROM pp.facts`, programmeID)
	if err != nil {
		return facts, diffs, err
	}
	agg, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Difference, error) {
		d := Difference{Programme: code, Indicator: "(sumy)"}
		err := r.Scan(&d.Subject, &d.Stored, &d.Computed)
		return d, err
	})
	return facts, append(diffs, agg...), err
}

// Series computes each indicator's values by period straight from the raw
// evidence, as the read model holds them (for comparison and benchmarks;
// pages read the read model).
func Series(ctx context.Context, q pg.Querier, programmeID int64) (map[int64]map[string]domain.PeriodValue, error) {
	out := map[int64]map[string]domain.PeriodValue{}
	periods, err := Periods(ctx, q, programmeID)
	if err != nil {
		return nil, err
	}
	inds, err := Load(ctx, q, `programme_id = $1`, programmeID)
	if err != nil {
		return nil, err
	}
	for _, in := range inds {
		facts, err := compute(ctx, q, in, periods, nil)
		if err != nil {
			return nil, err
		}
		m := map[string]domain.PeriodValue{}
		for _, f := range facts {
			v := m[f.Period]
			v.Period = f.Period
			v.Value = v.Value.Add(f.Value)
			v.Women += f.Women
			v.Men += f.Men
			v.Flagged += f.Flagged
			v.Records += f.Records
			v.Facts++
			m[f.Period] = v
		}
		if len(m) > 0 {
			out[in.ID] = m
		}
	}
	return out, nil
}
