package store

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
)

// The indicator read model. Every indicator value is made of facts: one per
// counted thing (an implementation of a task in a unit, a unit, a person, a
// meeting, a session day, a consultation, a manual value), with the date of
// its evidence and the reporting period that date falls in. Facts are
// recomputed from the raw evidence for the records a change touched, in the
// change's own transaction; the per-period and per-unit aggregates follow
// by trigger. Dashboards read only the aggregates.

// Fact is one counted thing of an indicator.
type Fact struct {
	Subject string
	RefKind string // unit, person, meeting, session, consultation, manual
	RefID   int64
	UnitID  int64 // 0 when the thing belongs to no single unit
	On      time.Time
	Period  string
	Value   domain.Decimal
	Women   int
	Men     int
	Flagged int
	Records int
}

func (f Fact) same(g Fact) bool {
	return f.RefKind == g.RefKind && f.RefID == g.RefID && f.UnitID == g.UnitID && f.On.Equal(g.On) && f.Period == g.Period &&
		f.Value == g.Value && f.Women == g.Women && f.Men == g.Men && f.Flagged == g.Flagged && f.Records == g.Records
}

// Scope names the records a change touched, by reference kind; a nil Scope
// means everything.
type Scope map[string][]int64

// refKind is what a rule's facts refer to (and how a change is scoped).
func refKind(r domain.Rule) string {
	switch r {
	case domain.RuleAcceptedProtocols, domain.RuleUnitsWithProtocol:
		return "unit"
	case domain.RuleMeetingsComplete:
		return "meeting"
	case domain.RulePersonsTrained:
		return "person"
	case domain.RuleTrainingDays:
		return "session"
	case domain.RuleConsultationDays:
		return "consultation"
	case domain.RuleManual:
		return "manual"
	}
	return "" // satisfaction surveys are not recorded yet: no facts
}

// effectiveAcceptance is the condition of an accepted protocol that still
// counts: no later version of it was accepted.
const effectiveAcceptance = `p.status IN ('accepted', 'accepted_remarks') AND NOT EXISTS (SELECT 1 FROM protocols n
	WHERE n.series_id = p.series_id AND n.version_no > p.version_no AND n.status IN ('accepted', 'accepted_remarks'))`

// firstAcceptance dates each product of eff (its acceptances that still
// count) by the first accepted version of the same protocol that included
// it: a correction does not move a product to a later period.
const firstAcceptance = `SELECT e.unit_product_id, min(` + decidedOnQ + `) AS on_ FROM eff e
	JOIN protocols q ON q.series_id = e.series_id AND q.status IN ('accepted', 'accepted_remarks')
	JOIN protocol_items qi ON qi.protocol_id = q.id AND qi.unit_product_id = e.unit_product_id
	GROUP BY e.unit_product_id`

const decidedOnQ = `COALESCE(q.signed_on, (q.signed_at AT TIME ZONE 'Europe/Warsaw')::date)`

// ProgrammePeriods returns a programme's reporting periods.
func (s *Store) ProgrammePeriods(ctx context.Context, programmeID int64) (domain.Periods, error) {
	return programmePeriods(ctx, s.Pool, programmeID)
}

func programmePeriods(ctx context.Context, q querier, programmeID int64) (domain.Periods, error) {
	var start, end time.Time
	if err := q.QueryRow(ctx, `SELECT start_date, end_date FROM programmes WHERE id = $1`, programmeID).Scan(&start, &end); err != nil {
		return nil, mapError(err, "Nie ma takiego programu.")
	}
	rows, err := q.Query(ctx, `SELECT code, starts_on, ends_on FROM reporting_periods WHERE programme_id = $1 ORDER BY starts_on`, programmeID)
	if err != nil {
		return nil, err
	}
	custom, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Period, error) {
		p := domain.Period{Custom: true}
		err := r.Scan(&p.Code, &p.Start, &p.End)
		return p, err
	})
	if err != nil {
		return nil, err
	}
	return domain.ProgrammePeriods(start, end, custom), nil
}

// computeFacts returns the facts of indicator in computed from the raw
// evidence, for the records ids of the rule's reference kind (all when
// ids is nil).
func computeFacts(ctx context.Context, q querier, in *domain.Indicator, periods domain.Periods, ids []int64) ([]Fact, error) {
	all := ids == nil
	if ids == nil {
		ids = []int64{}
	}
	var area *string
	if in.Params.Area != "" {
		a := string(in.Params.Area)
		area = &a
	}
	var facts []Fact
	add := func(f Fact) {
		f.Period = periods.Of(f.On)
		facts = append(facts, f)
	}
	collect := func(sql string, args []any, scan func(r pgx.CollectableRow) error) error {
		rows, err := q.Query(ctx, sql, args...)
		if err != nil {
			return err
		}
		_, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (struct{}, error) { return struct{}{}, scan(r) })
		return err
	}
	var err error
	switch in.Rule {
	case domain.RuleAcceptedProtocols:
		// An implementation (a task in a unit) counts once every product
		// of the task in that unit is accepted by a protocol that still
		// counts, on the date the last of them was accepted.
		err = collect(`WITH eff AS (
				SELECT i.unit_product_id, p.id AS protocol_id, p.series_id
				FROM protocol_items i JOIN protocols p ON p.id = i.protocol_id
				WHERE p.programme_id = $1 AND `+effectiveAcceptance+`),
			prod AS (`+firstAcceptance+`)
			SELECT up.task_id, up.unit_id, max(prod.on_),
				(SELECT count(DISTINCT e.protocol_id) FROM eff e JOIN unit_products u2 ON u2.id = e.unit_product_id
					WHERE u2.task_id = up.task_id AND u2.unit_id = up.unit_id)
			FROM unit_products up JOIN tasks t ON t.id = up.task_id LEFT JOIN prod ON prod.unit_product_id = up.id
			WHERE up.programme_id = $1 AND (up.task_id = ANY($2) OR t.area = $3) AND ($4 OR up.unit_id = ANY($5))
			GROUP BY up.task_id, up.unit_id HAVING count(prod.unit_product_id) = count(*)`,
			[]any{in.ProgrammeID, nonNilIDs(in.Params.TaskIDs), area, all, ids}, func(r pgx.CollectableRow) error {
				var task, unit int64
				var on time.Time
				var n int
				if err := r.Scan(&task, &unit, &on, &n); err != nil {
					return err
				}
				add(Fact{Subject: "impl:" + FormatID(task) + ":" + FormatID(unit), RefKind: "unit", RefID: unit, UnitID: unit, On: on,
					Value: domain.DecimalFromInt(1), Records: n})
				return nil
			})
	case domain.RuleUnitsWithProtocol:
		err = collect(`SELECT p.unit_id, min((SELECT min(`+decidedOnQ+`) FROM protocols q WHERE q.series_id = p.series_id
				AND q.status IN ('accepted', 'accepted_remarks'))), count(*)
			FROM protocols p JOIN tasks t ON t.id = p.task_id
			WHERE p.programme_id = $1 AND t.area = $2 AND `+effectiveAcceptance+` AND ($3 OR p.unit_id = ANY($4))
			GROUP BY p.unit_id`, []any{in.ProgrammeID, area, all, ids}, func(r pgx.CollectableRow) error {
			var unit int64
			var on time.Time
			var n int
			if err := r.Scan(&unit, &on, &n); err != nil {
				return err
			}
			add(Fact{Subject: "unit:" + FormatID(unit), RefKind: "unit", RefID: unit, UnitID: unit, On: on, Value: domain.DecimalFromInt(1), Records: n})
			return nil
		})
	case domain.RuleMeetingsComplete:
		// Complete evidence: an attendance list (scan) and notes that
		// contain the meeting's date (checked as the meeting page does).
		err = collect(`SELECT m.id, m.with_management, m.notes, COALESCE((SELECT array_agg(day ORDER BY day) FROM meeting_days d WHERE d.meeting_id = m.id), '{}'),
			(SELECT count(*) FROM meeting_scans c WHERE c.meeting_id = m.id)
			FROM meetings m WHERE m.programme_id = $1 AND m.task_id = $2 AND ($3 OR m.id = ANY($4))`,
			[]any{in.ProgrammeID, in.Params.TaskID, all, ids}, func(r pgx.CollectableRow) error {
				var id int64
				var mgmt bool
				var notes string
				var days []time.Time
				var scans int
				if err := r.Scan(&id, &mgmt, &notes, &days, &scans); err != nil {
					return err
				}
				if scans == 0 || len(days) == 0 || !domain.NotesContainDate(notes, days) {
					return nil
				}
				f := Fact{Subject: "meeting:" + FormatID(id), RefKind: "meeting", RefID: id, On: days[0], Value: domain.DecimalFromInt(1), Records: scans + 1}
				if mgmt {
					f.Flagged = 1
				}
				add(f)
				return nil
			})
	case domain.RulePersonsTrained:
		// A person counts once, in the period of their first day present
		// at a session of the trainings (or area), for their unit and sex.
		err = collect(`SELECT a.person_id, pe.unit_id, pe.sex, min(a.day), 1
			FROM attendance a JOIN training_sessions s ON s.id = a.session_id JOIN trainings t ON t.id = s.training_id
			JOIN persons pe ON pe.id = a.person_id
			WHERE a.present AND a.programme_id = $1 AND (t.id = ANY($2) OR t.area = $3) AND ($4 OR a.person_id = ANY($5))
			GROUP BY a.person_id, pe.unit_id, pe.sex`, []any{in.ProgrammeID, nonNilIDs(in.Params.TrainingIDs), area, all, ids},
			func(r pgx.CollectableRow) error {
				var person, unit int64
				var sex string
				var on time.Time
				var n int
				if err := r.Scan(&person, &unit, &sex, &on, &n); err != nil {
					return err
				}
				f := Fact{Subject: "person:" + FormatID(person), RefKind: "person", RefID: person, UnitID: unit, On: on, Value: domain.DecimalFromInt(1), Records: n}
				if domain.Sex(sex) == domain.SexFemale {
					f.Women = 1
				} else {
					f.Men = 1
				}
				add(f)
				return nil
			})
	case domain.RuleTrainingDays:
		// A group-day is delivered once its attendance is entered with
		// somebody present.
		every := area == nil && len(in.Params.TrainingIDs) == 0
		err = collect(`SELECT d.session_id, d.day FROM session_days d JOIN training_sessions s ON s.id = d.session_id
			JOIN trainings t ON t.id = s.training_id
			WHERE s.programme_id = $1 AND d.attendance_entered_at IS NOT NULL AND ($2 OR t.id = ANY($3) OR t.area = $4)
			AND EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = d.session_id AND a.day = d.day AND a.present)
			AND ($5 OR s.id = ANY($6))`, []any{in.ProgrammeID, every, nonNilIDs(in.Params.TrainingIDs), area, all, ids},
			func(r pgx.CollectableRow) error {
				var session int64
				var day time.Time
				if err := r.Scan(&session, &day); err != nil {
					return err
				}
				add(Fact{Subject: "day:" + FormatID(session) + ":" + day.Format("2006-01-02"), RefKind: "session", RefID: session, On: day,
					Value: domain.DecimalFromInt(1), Records: 1})
				return nil
			})
	case domain.RuleConsultationDays:
		err = collect(`SELECT id, unit_id, day, days::text FROM consultations WHERE programme_id = $1 AND task_id = $2 AND ($3 OR id = ANY($4))`,
			[]any{in.ProgrammeID, in.Params.TaskID, all, ids}, func(r pgx.CollectableRow) error {
				var id, unit int64
				var day time.Time
				var days string
				if err := r.Scan(&id, &unit, &day, &days); err != nil {
					return err
				}
				f := Fact{Subject: "consultation:" + FormatID(id), RefKind: "consultation", RefID: id, UnitID: unit, On: day, Records: 1}
				if err := f.Value.ScanSQL(days); err != nil {
					return err
				}
				add(f)
				return nil
			})
	case domain.RuleManual:
		err = collect(`SELECT id, COALESCE(unit_id, 0), evidence_on, value::text FROM indicator_manual_values WHERE indicator_id = $1 AND ($2 OR id = ANY($3))`,
			[]any{in.ID, all, ids}, func(r pgx.CollectableRow) error {
				var id, unit int64
				var on time.Time
				var value string
				if err := r.Scan(&id, &unit, &on, &value); err != nil {
					return err
				}
				f := Fact{Subject: "manual:" + FormatID(id), RefKind: "manual", RefID: id, UnitID: unit, On: on, Records: 1}
				if err := f.Value.ScanSQL(value); err != nil {
					return err
				}
				add(f)
				return nil
			})
	}
	if err != nil {
		return nil, fmt.Errorf("compute indicator %d (%s): %w", in.ID, in.Rule, err)
	}
	sort.Slice(facts, func(i, j int) bool { return facts[i].Subject < facts[j].Subject })
	return facts, nil
}

// storedFacts reads the stored facts of an indicator for ids of its
// reference kind (all when ids is nil).
func storedFacts(ctx context.Context, q querier, indicatorID int64, kind string, ids []int64) ([]Fact, error) {
	all := ids == nil
	if ids == nil {
		ids = []int64{}
	}
	rows, err := q.Query(ctx, `SELECT subject, ref_kind, ref_id, unit_id, evidence_on, period, value::text, women, men, flagged, records
		FROM indicator_facts WHERE indicator_id = $1 AND ($2 OR (ref_kind = $3 AND ref_id = ANY($4)))`, indicatorID, all, kind, ids)
	if err != nil {
		return nil, err
	}
	facts, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Fact, error) {
		var f Fact
		var v string
		if err := r.Scan(&f.Subject, &f.RefKind, &f.RefID, &f.UnitID, &f.On, &f.Period, &v, &f.Women, &f.Men, &f.Flagged, &f.Records); err != nil {
			return f, err
		}
		return f, f.Value.ScanSQL(v)
	})
	// Sorted as computeFacts sorts (bytes, not the database's collation).
	sort.Slice(facts, func(i, j int) bool { return facts[i].Subject < facts[j].Subject })
	return facts, err
}

// factDiff compares stored with fresh facts (both sorted by subject).
func factDiff(stored, fresh []Fact) (insert, update []Fact, remove []string) {
	i, j := 0, 0
	for i < len(stored) || j < len(fresh) {
		switch {
		case j == len(fresh) || (i < len(stored) && stored[i].Subject < fresh[j].Subject):
			remove = append(remove, stored[i].Subject)
			i++
		case i == len(stored) || fresh[j].Subject < stored[i].Subject:
			insert = append(insert, fresh[j])
			j++
		default:
			if !stored[i].same(fresh[j]) {
				update = append(update, fresh[j])
			}
			i++
			j++
		}
	}
	return
}

// applyFacts writes the difference between stored and fresh facts.
func applyFacts(ctx context.Context, tx pgx.Tx, in *domain.Indicator, insert, update []Fact, remove []string) error {
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
				in.ID, f.Subject, f.RefKind, f.RefID, f.UnitID, f.On, f.Period, f.Value.SQL(), f.Women, f.Men, f.Flagged, f.Records)
		}
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return err
		}
	}
	if len(insert) > 0 {
		rows := make([][]any, len(insert))
		for i, f := range insert {
			rows[i] = []any{in.ID, in.ProgrammeID, f.Subject, f.RefKind, f.RefID, f.UnitID, f.On, f.Period, f.Value.SQL(), f.Women, f.Men, f.Flagged, f.Records}
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"indicator_facts"}, []string{"indicator_id", "programme_id", "subject", "ref_kind", "ref_id",
			"unit_id", "evidence_on", "period", "value", "women", "men", "flagged", "records"}, pgx.CopyFromRows(rows)); err != nil {
			return err
		}
	}
	return nil
}

// lockReadModel serializes the changes of a programme's read model until
// the transaction ends: a fact depends on evidence in several records (a
// person's attendance in every session), so two transactions recomputing
// it at once would each miss the other's change; and the sums they update
// would be locked in different orders (deadlocks). After the lock, each
// computation reads what the transactions before it committed.
func lockReadModel(ctx context.Context, tx pgx.Tx, programmeID int64) error {
	_, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(72618, $1::int)`, programmeID)
	return err
}

// refreshIndicators brings the facts of a programme's indicators in step
// with the evidence for the records scope names (everything when scope is
// nil), in tx.
func refreshIndicators(ctx context.Context, tx pgx.Tx, programmeID int64, scope Scope) error {
	if err := lockReadModel(ctx, tx, programmeID); err != nil {
		return err
	}
	inds, err := loadIndicators(ctx, tx, `programme_id = $1`, programmeID)
	if err != nil {
		return err
	}
	if len(inds) == 0 {
		return nil
	}
	periods, err := programmePeriods(ctx, tx, programmeID)
	if err != nil {
		return err
	}
	for _, in := range inds {
		if err := refreshIndicator(ctx, tx, in, periods, scope); err != nil {
			return err
		}
	}
	return nil
}

// refreshOneIndicator recomputes all facts of one indicator (its rule or
// parameters changed).
func refreshOneIndicator(ctx context.Context, tx pgx.Tx, in *domain.Indicator) error {
	if err := lockReadModel(ctx, tx, in.ProgrammeID); err != nil {
		return err
	}
	periods, err := programmePeriods(ctx, tx, in.ProgrammeID)
	if err != nil {
		return err
	}
	return refreshIndicator(ctx, tx, in, periods, nil)
}

func refreshIndicator(ctx context.Context, tx pgx.Tx, in *domain.Indicator, periods domain.Periods, scope Scope) error {
	kind := refKind(in.Rule)
	var ids []int64
	if scope != nil {
		ids = scope[kind]
		if kind == "" || len(ids) == 0 {
			return nil
		}
	}
	fresh, err := computeFacts(ctx, tx, in, periods, ids)
	if err != nil {
		return err
	}
	stored, err := storedFacts(ctx, tx, in.ID, kind, ids)
	if err != nil {
		return err
	}
	insert, update, remove := factDiff(stored, fresh)
	return applyFacts(ctx, tx, in, insert, update, remove)
}

// RefreshAll recomputes the read model of every programme from the raw
// evidence, one programme per transaction.
func (s *Store) RefreshAll(ctx context.Context) error {
	progs, err := s.Programmes(ctx)
	if err != nil {
		return err
	}
	for _, p := range progs {
		if err := s.InTx(ctx, func(tx pgx.Tx) error {
			if err := refreshIndicators(ctx, tx, p.ID, nil); err != nil {
				return err
			}
			return rebuildSums(ctx, tx, p.ID)
		}); err != nil {
			return fmt.Errorf("programme %s: %w", p.Code, err)
		}
	}
	return nil
}

// FactDifference is where the read model and the evidence disagree.
type FactDifference struct {
	Programme string
	Indicator string
	Subject   string
	Stored    string // "" when missing
	Computed  string // "" when it should not be there
}

func describeFact(f Fact) string {
	return fmt.Sprintf("%s %s %s unit=%d value=%s women=%d men=%d flagged=%d records=%d", f.Subject, f.On.Format("2006-01-02"), f.Period,
		f.UnitID, f.Value.SQL(), f.Women, f.Men, f.Flagged, f.Records)
}

// CheckReadModel recomputes every fact from the raw evidence and compares
// it, and every aggregate, with what is stored; it changes nothing.
func (s *Store) CheckReadModel(ctx context.Context) (facts int, diffs []FactDifference, err error) {
	progs, err := s.Programmes(ctx)
	if err != nil {
		return 0, nil, err
	}
	for _, p := range progs {
		err := pgx.BeginTxFunc(ctx, s.Pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
			periods, err := programmePeriods(ctx, tx, p.ID)
			if err != nil {
				return err
			}
			inds, err := loadIndicators(ctx, tx, `programme_id = $1`, p.ID)
			if err != nil {
				return err
			}
			for _, in := range inds {
				fresh, err := computeFacts(ctx, tx, in, periods, nil)
				if err != nil {
					return err
				}
				facts += len(fresh)
				stored, err := storedFacts(ctx, tx, in.ID, refKind(in.Rule), nil)
				if err != nil {
					return err
				}
				name := in.Number + " " + in.Name
				ins, upd, rem := factDiff(stored, fresh)
				byS := map[string]Fact{}
				for _, f := range stored {
					byS[f.Subject] = f
				}
				for _, f := range ins {
					diffs = append(diffs, FactDifference{p.Code, name, f.Subject, "", describeFact(f)})
				}
				for _, f := range upd {
					diffs = append(diffs, FactDifference{p.Code, name, f.Subject, describeFact(byS[f.Subject]), describeFact(f)})
				}
				for _, sub := range rem {
					diffs = append(diffs, FactDifference{p.Code, name, sub, describeFact(byS[sub]), ""})
				}
			}
			// The aggregates must be the sums of the facts.
			rows, err := tx.Query(ctx, `WITH f AS (
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
					OR fp.fl IS DISTINCT FROM pp.flagged OR fp.r IS DISTINCT FROM pp.records OR fp.n IS DISTINCT FROM pp.facts`, p.ID)
			if err != nil {
				return err
			}
			agg, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (FactDifference, error) {
				d := FactDifference{Programme: p.Code, Indicator: "(sumy)"}
				err := r.Scan(&d.Subject, &d.Stored, &d.Computed)
				return d, err
			})
			diffs = append(diffs, agg...)
			return err
		})
		if err != nil {
			return facts, diffs, fmt.Errorf("programme %s: %w", p.Code, err)
		}
	}
	return facts, diffs, nil
}

// ReadModelMissing reports whether indicators exist but no fact was ever
// computed although there is evidence (a database from before the read
// model).
func (s *Store) ReadModelMissing(ctx context.Context) (bool, error) {
	var missing bool
	err := s.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM indicators) AND NOT EXISTS (SELECT 1 FROM indicator_facts)
		AND (EXISTS (SELECT 1 FROM attendance) OR EXISTS (SELECT 1 FROM meetings) OR EXISTS (SELECT 1 FROM protocols) OR EXISTS (SELECT 1 FROM consultations))`).Scan(&missing)
	return missing, err
}

// SeriesFromEvidence computes every indicator's values by period straight
// from the raw evidence, as the read model holds them (for comparison and
// benchmarks; pages read the read model).
func (s *Store) SeriesFromEvidence(ctx context.Context, programmeID int64) (map[int64]map[string]domain.PeriodValue, error) {
	out := map[int64]map[string]domain.PeriodValue{}
	err := pgx.BeginTxFunc(ctx, s.Pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		periods, err := programmePeriods(ctx, tx, programmeID)
		if err != nil {
			return err
		}
		inds, err := loadIndicators(ctx, tx, `programme_id = $1`, programmeID)
		if err != nil {
			return err
		}
		for _, in := range inds {
			facts, err := computeFacts(ctx, tx, in, periods, nil)
			if err != nil {
				return err
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
		return nil
	})
	return out, err
}

// SavePeriods replaces a programme's own reporting periods (none: calendar
// quarters) and moves every fact to its new period. Refused while a period
// is closed: the filed reports name their periods.
func (s *Store) SavePeriods(ctx context.Context, a domain.Actor, p *domain.Programme, periods []domain.Period) error {
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
		if err := refreshIndicators(ctx, tx, p.ID, nil); err != nil {
			return err
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

// rebuildSums recomputes a programme's per-period and per-unit sums from its
// facts (repairs sums that drifted; the triggers keep them otherwise).
func rebuildSums(ctx context.Context, tx pgx.Tx, programmeID int64) error {
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
