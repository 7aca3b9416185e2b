package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
)

// ruleSurveyFixture adds survey waves to an indicator fixture with plain SQL
// (the survey pages are another part of the issue): a questionnaire with
// one version of two index items and a profile item.
type ruleSurveyFixture struct {
	*indFixture
	t       testing.TB
	seq     int
	items   map[int64][]int64 // questionnaire → its version's items (index, index, profile)
	version map[int64]int64   // questionnaire → its version
}

func newRuleSurveyFixture(t testing.TB) *ruleSurveyFixture {
	return &ruleSurveyFixture{indFixture: newIndFixture(t), t: t, items: map[int64][]int64{}, version: map[int64]int64{}}
}

// tx runs fn in a store transaction (the read model follows the waves).
func (f *ruleSurveyFixture) tx(fn func(tx pgx.Tx) error) {
	f.t.Helper()
	if err := f.s.InTx(context.Background(), fn); err != nil {
		f.t.Fatal(err)
	}
}

func (f *ruleSurveyFixture) questionnaire(code string, kind domain.SurveyKind) int64 {
	f.t.Helper()
	var q, v int64
	f.tx(func(tx pgx.Tx) error {
		ctx := context.Background()
		if err := tx.QueryRow(ctx, `INSERT INTO questionnaires (programme_id, code, kind, name) VALUES ($1, $2, $3, 'Badanie ' || $2) RETURNING id`,
			f.p.ID, code, string(kind)).Scan(&q); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO questionnaire_versions (questionnaire_id, version, index_method) VALUES ($1, 1, 'mean100') RETURNING id`,
			q).Scan(&v); err != nil {
			return err
		}
		for i, it := range []struct {
			code           string
			index, profile bool
		}{{"Q1", true, false}, {"Q2", true, false}, {"M_WIEK", false, true}} {
			var id int64
			if err := tx.QueryRow(ctx, `INSERT INTO survey_items (version_id, position, code, kind, profile, text, scale_points, in_index)
				VALUES ($1, $2, $3, 'likert', $4, 'Pytanie ' || $3, 5, $5) RETURNING id`, v, i+1, it.code, it.profile, it.index).Scan(&id); err != nil {
				return err
			}
			f.items[q] = append(f.items[q], id)
		}
		return nil
	})
	f.version[q] = v
	return q
}

// wave opens a wave of questionnaire q in unit u.
func (f *ruleSurveyFixture) wave(q int64, u *domain.Unit, round int, code, opens, closes string) int64 {
	f.t.Helper()
	var w int64
	f.seq++
	f.tx(func(tx pgx.Tx) error {
		return tx.QueryRow(context.Background(), `INSERT INTO survey_waves (programme_id, questionnaire_id, version_id, unit_id, round, code, opens_on, closes_on, public_key)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, f.p.ID, q, f.version[q], u.ID, round, code, d(opens), d(closes),
			fmt.Sprintf("klucz-publiczny-%08d", f.seq)).Scan(&w)
	})
	return w
}

// respond adds approved responses to wave w of questionnaire q, one per
// score (the index on 0–100), each with answers to the index items.
func (f *ruleSurveyFixture) respond(q, w int64, scores ...float64) {
	f.t.Helper()
	f.tx(func(tx pgx.Tx) error {
		for _, sc := range scores {
			if err := insertResponse(tx, f.items[q], w, "online", "approved", sc, 3); err != nil {
				return err
			}
		}
		return nil
	})
}

func insertResponse(tx pgx.Tx, items []int64, w int64, channel, validation string, score float64, value int) error {
	ctx := context.Background()
	var sheet *string
	if channel == "paper" {
		s := fmt.Sprintf("ark-%d-%d", w, rand.Int64())
		sheet = &s
	}
	var r int64
	if err := tx.QueryRow(ctx, `INSERT INTO survey_responses (wave_id, channel, answered_on, sheet, validation, index_score)
		VALUES ($1, $2, '2011-01-15', $3, $4, $5) RETURNING id`, w, channel, sheet, validation, score).Scan(&r); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO survey_answers (response_id, item_id, value) SELECT $1, unnest($2::bigint[]), $3`, r, items, value)
	return err
}

// closeWave closes wave w as a coordinator would (the read model follows).
func (f *ruleSurveyFixture) closeWave(w int64) {
	f.t.Helper()
	f.tx(func(tx pgx.Tx) error {
		_, err := tx.Exec(context.Background(), `UPDATE survey_waves SET closed_at = now(), closed_by = (SELECT min(id) FROM users) WHERE id = $1`, w)
		return err
	})
}

func (f *ruleSurveyFixture) checkSurveys() {
	f.t.Helper()
	_, diffs, err := f.s.CheckSurveyAggregates(context.Background())
	if err != nil {
		f.t.Fatal(err)
	}
	for _, d := range diffs {
		f.t.Errorf("survey aggregates differ: %+v", d)
	}
}

// TestSatisfactionChangeRule: a unit counts with its relative change from
// the closed baseline to its latest closed follow-up; the programme's value
// is the average over the units (+20% and −5%: 7,5 from 2 units).
func TestSatisfactionChangeRule(t *testing.T) {
	t.Parallel()
	f := newRuleSurveyFixture(t)
	ctx := context.Background()
	c := newUnit(t, f.s, "Starostwo Powiatowe w Oleśnicy")
	if err := f.s.SaveParticipation(ctx, admin, &domain.Participation{ProgrammeID: f.p.ID, Unit: *c, Areas: []domain.Area{domain.AreaP}}); err != nil {
		t.Fatal(err)
	}
	in := &domain.Indicator{ProgrammeID: f.p.ID, Number: "S", Name: "zmiana satysfakcji klientów", Type: domain.IndicatorResult,
		Target: domain.DecimalFromInt(10), Rule: domain.RuleSatisfactionChange, Params: domain.RuleParams{SurveyKind: domain.SurveyCustomer}}
	emp := &domain.Indicator{ProgrammeID: f.p.ID, Number: "SP", Name: "zmiana satysfakcji pracowników", Type: domain.IndicatorResult,
		Target: domain.DecimalFromInt(10), Rule: domain.RuleSatisfactionChange, Params: domain.RuleParams{SurveyKind: domain.SurveyEmployee}}
	for _, x := range []*domain.Indicator{in, emp} {
		if err := f.s.SaveIndicator(ctx, admin, x, nil); err != nil {
			t.Fatal(err)
		}
	}
	f.ind["sat"], f.ind["satEmp"] = in, emp

	kli := f.questionnaire("KLI", domain.SurveyCustomer)
	prac := f.questionnaire("PRAC", domain.SurveyEmployee)
	kli2 := f.questionnaire("KLI2", domain.SurveyCustomer)

	// Unit A: 50 → 60 (+20%), follow-up closing in 2011-Q2.
	a0 := f.wave(kli, f.a, 0, "KLI-A0", "2010-09-01", "2010-10-31")
	f.respond(kli, a0, 40, 60)
	a1 := f.wave(kli, f.a, 1, "KLI-A1", "2011-05-01", "2011-06-30")
	f.respond(kli, a1, 55, 65)
	// Unit A's employees: 50 → 100, only for the employee indicator.
	pa0 := f.wave(prac, f.a, 0, "PRAC-A0", "2010-09-01", "2010-10-31")
	f.respond(prac, pa0, 50)
	pa1 := f.wave(prac, f.a, 1, "PRAC-A1", "2011-05-01", "2011-06-30")
	f.respond(prac, pa1, 100)
	// Unit B: 80 → 76 (−5%) in 2011-Q3; a second customer questionnaire
	// whose follow-up closed earlier (+50%) does not count.
	b0 := f.wave(kli, f.b, 0, "KLI-B0", "2010-09-01", "2010-10-31")
	f.respond(kli, b0, 80, 80)
	b1 := f.wave(kli, f.b, 1, "KLI-B1", "2011-08-01", "2011-09-30")
	f.respond(kli, b1, 76)
	bb0 := f.wave(kli2, f.b, 0, "KLI2-B0", "2010-09-01", "2010-10-31")
	f.respond(kli2, bb0, 40)
	bb1 := f.wave(kli2, f.b, 1, "KLI2-B1", "2011-02-01", "2011-03-31")
	f.respond(kli2, bb1, 60)
	// Unit C: a closed baseline, a follow-up still open.
	c0 := f.wave(kli, c, 0, "KLI-C0", "2010-09-01", "2010-10-31")
	f.respond(kli, c0, 50)
	c1 := f.wave(kli, c, 1, "KLI-C1", "2011-08-01", "2011-09-30")
	f.respond(kli, c1, 90)

	// Nothing counts while the waves are open.
	if v := f.values(t, "sat"); len(v) != 0 {
		t.Fatalf("open waves counted: %v", v)
	}
	for _, w := range []int64{a0, a1, pa0, pa1, b0, b1, bb0, bb1, c0} {
		f.closeWave(w)
	}
	f.check(t)
	f.checkSurveys()

	periods, err := f.s.ProgrammePeriods(ctx, f.p.ID)
	if err != nil {
		t.Fatal(err)
	}
	vals := f.values(t, "sat")
	if len(vals) != 2 || vals["2011-Q2"].Value != domain.DecimalFromInt(20) || vals["2011-Q2"].Facts != 1 ||
		vals["2011-Q3"].Value != domain.DecimalFromInt(-5) || vals["2011-Q3"].Records != 2+1 {
		t.Fatalf("satisfaction change by period = %v, want +20 (A) in 2011-Q2 and −5 (B, 3 responses) in 2011-Q3", vals)
	}
	s := domain.SeriesFor(in, periods, vals)
	_, q3, _ := periods.Find("2011-Q3")
	if got := s.CumulativeAt(q3); got.Value.String() != "7,5" || got.Facts != 2 {
		t.Errorf("programme value up to 2011-Q3 = %s of %d units, want 7,5 of 2 (the average, not the sum)", got.Value, got.Facts)
	}
	if row := domain.ReportRowFor(in, s, q3); row.Cumulative.String() != "7,5" || row.Value.String() != "-5" || row.Percent != 75 {
		t.Errorf("report row = %+v, want 7,5 cumulative (75%% of 10), −5 in the period", row)
	}
	if v := f.values(t, "satEmp"); len(v) != 1 || v["2011-Q2"].Value != domain.DecimalFromInt(100) {
		t.Errorf("employee satisfaction = %v, want +100 for unit A", v)
	}

	rows, total, err := f.s.IndicatorFacts(ctx, in, domain.FactFilter{})
	if err != nil || total != 2 {
		t.Fatalf("drill-down: %d facts, %v", total, err)
	}
	want := []string{"Urząd Miasta Bielawa: KLI-A0 50,0 (n=2) → KLI-A1 60,0 (n=2)", "Urząd Gminy Dzierżoniów: KLI-B0 80,0 (n=2) → KLI-B1 76,0 (n=1)"}
	for i, r := range rows {
		if r.Label != want[i] || len(r.Protocols) != 0 {
			t.Errorf("drill-down row %d: %q (protocols %v), want %q", i, r.Label, r.Protocols, want[i])
		}
	}

	// The open follow-up closes: unit C (+80%) joins the average.
	f.closeWave(c1)
	if got := domain.SeriesFor(in, periods, f.values(t, "sat")).CumulativeAt(q3); got.Value.String() != "31,67" || got.Facts != 3 {
		t.Errorf("after C's follow-up closed: %s of %d units, want 31,67 of 3", got.Value, got.Facts)
	}
	// Unit B's latest follow-up is removed: its other questionnaire counts.
	f.tx(func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `DELETE FROM survey_waves WHERE id = $1`, b1)
		return err
	})
	rows, _, err = f.s.IndicatorFacts(ctx, in, domain.FactFilter{UnitIDs: []int64{f.b.ID}})
	if err != nil || len(rows) != 1 || rows[0].Value != domain.DecimalFromInt(50) || !strings.Contains(rows[0].Label, "KLI2-B1") || rows[0].Period != "2011-Q1" {
		t.Fatalf("B after its latest follow-up was removed: %+v %v, want +50 from KLI2 in 2011-Q1", rows, err)
	}
	f.check(t)
	f.checkSurveys()

	// A difference behind the application's back is found.
	if _, err := f.s.Pool.Exec(ctx, `UPDATE survey_wave_totals SET index_n = index_n + 1 WHERE wave_id = $1`, a1); err != nil {
		t.Fatal(err)
	}
	if _, diffs, err := f.s.CheckSurveyAggregates(ctx); err != nil || len(diffs) != 1 || diffs[0].Wave != "KLI-A1" {
		t.Fatalf("a drifted total: %+v %v, want one difference in KLI-A1", diffs, err)
	}
	n, diffs, err := f.s.CheckReadModel(ctx)
	if err != nil || len(diffs) != 1 || diffs[0].Subject != "unit:"+fmt.Sprint(f.a.ID) {
		t.Fatalf("read model after a drifted total (%d facts): %+v %v, want unit A's fact", n, diffs, err)
	}
	if err := f.s.RecountSurveyAggregates(ctx); err != nil {
		t.Fatal(err)
	}
	if err := f.s.RefreshAll(ctx); err != nil {
		t.Fatal(err)
	}
	f.check(t)
	f.checkSurveys()
}

// TestSurveyAggregatesRandom: after random responses, validation changes,
// answer and response deletions in several waves, the aggregates the
// triggers keep equal the recount from the raw answers.
func TestSurveyAggregatesRandom(t *testing.T) {
	t.Parallel()
	f := newRuleSurveyFixture(t)
	ctx := context.Background()
	q := f.questionnaire("KLI", domain.SurveyCustomer)
	waves := []int64{
		f.wave(q, f.a, 0, "R-A0", "2010-09-01", "2010-10-31"), f.wave(q, f.a, 1, "R-A1", "2011-05-01", "2011-06-30"),
		f.wave(q, f.b, 0, "R-B0", "2010-09-01", "2010-10-31"),
	}
	rng := rand.New(rand.NewPCG(16, 2026))
	channels := []string{"online", "paper", "invited"}
	states := []string{"approved", "approved", "on_hold", "rejected"}
	for step := 0; step < 60; step++ {
		f.tx(func(tx pgx.Tx) error {
			switch op := rng.IntN(10); {
			case op < 6: // a batch of responses
				for i := 0; i < 1+rng.IntN(8); i++ {
					w := waves[rng.IntN(len(waves))]
					if err := insertResponse(tx, f.items[q], w, channels[rng.IntN(3)], states[rng.IntN(4)],
						float64(rng.IntN(10001))/100, 1+rng.IntN(5)); err != nil {
						return err
					}
				}
			case op < 8: // a validation batch
				_, err := tx.Exec(ctx, `UPDATE survey_responses SET validation = $1 WHERE id IN (SELECT id FROM survey_responses ORDER BY random() LIMIT $2)`,
					states[rng.IntN(4)], 1+rng.IntN(6))
				return err
			case op < 9: // responses removed
				_, err := tx.Exec(ctx, `DELETE FROM survey_responses WHERE id IN (SELECT id FROM survey_responses ORDER BY random() LIMIT $1)`, 1+rng.IntN(3))
				return err
			default: // single answers removed
				_, err := tx.Exec(ctx, `DELETE FROM survey_answers WHERE (response_id, item_id) IN (SELECT response_id, item_id FROM survey_answers ORDER BY random() LIMIT $1)`,
					1+rng.IntN(4))
				return err
			}
			return nil
		})
	}
	var approved int
	if err := f.s.Pool.QueryRow(ctx, `SELECT count(*) FROM survey_responses WHERE validation = 'approved'`).Scan(&approved); err != nil || approved == 0 {
		t.Fatalf("no approved responses after the random history (%v): the test tests nothing", err)
	}
	n, diffs, err := f.s.CheckSurveyAggregates(ctx)
	if err != nil || n != len(waves) {
		t.Fatalf("checked %d waves: %v", n, err)
	}
	for _, d := range diffs {
		t.Errorf("aggregates differ from the responses: %+v", d)
	}
	// An answer count drifted behind the application's back is found.
	if _, err := f.s.Pool.Exec(ctx, `UPDATE survey_item_counts SET n = n + 1 WHERE (wave_id, item_id, value) = (SELECT wave_id, item_id, value FROM survey_item_counts LIMIT 1)`); err != nil {
		t.Fatal(err)
	}
	if _, diffs, err := f.s.CheckSurveyAggregates(ctx); err != nil || len(diffs) != 1 || !strings.HasPrefix(diffs[0].What, "pytanie ") {
		t.Fatalf("a drifted answer count: %+v %v, want one difference", diffs, err)
	}
	// Closing every wave: the rule's facts follow and match the evidence.
	for _, w := range waves {
		f.closeWave(w)
	}
	in := &domain.Indicator{ProgrammeID: f.p.ID, Number: "S", Name: "zmiana satysfakcji", Type: domain.IndicatorResult,
		Target: domain.DecimalFromInt(10), Rule: domain.RuleSatisfactionChange, Params: domain.RuleParams{SurveyKind: domain.SurveyCustomer}}
	if err := f.s.SaveIndicator(ctx, admin, in, nil); err != nil {
		t.Fatal(err)
	}
	f.check(t)
}
