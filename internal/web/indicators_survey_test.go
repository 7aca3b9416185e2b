package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
)

// The satisfaction-change indicator shows the average over the units with
// both waves closed, says how many units it averages, and forecasts
// nothing; the drill-down names both waves of each unit and the report
// files the average.
func TestSatisfactionChangeOnDashboard(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	ctx := t.Context()
	prog, _, leader, bielawa := demoIDs(t, app)
	sys := domain.Actor{Username: "test"}
	in := &domain.Indicator{ProgrammeID: prog, Number: "S1", Name: "zmiana satysfakcji pracowników", Type: domain.IndicatorResult,
		Target: domain.DecimalFromInt(10), Rule: domain.RuleSatisfactionChange, Params: domain.RuleParams{SurveyKind: domain.SurveyEmployee}}
	if err := app.Store.SaveIndicator(ctx, sys, in, nil); err != nil {
		t.Fatal(err)
	}
	baseOn, followOn := app.DemoDay(t, 1, 0), app.DemoDay(t, 6, 0)
	q := app.DemoQuarter(t, 6)
	err := app.Store.InTx(ctx, func(tx pgx.Tx) error {
		var qid, vid int64
		if err := tx.QueryRow(ctx, `INSERT INTO questionnaires (programme_id, code, kind, name) VALUES ($1, 'PRT', 'employee', 'Pracownicy') RETURNING id`, prog).Scan(&qid); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO questionnaire_versions (questionnaire_id, version, index_method) VALUES ($1, 1, 'mean100') RETURNING id`, qid).Scan(&vid); err != nil {
			return err
		}
		for i, w := range []struct {
			unit   int64
			round  int
			scores []float64
		}{{bielawa, 0, []float64{50}}, {bielawa, 1, []float64{55, 65}}, {leader, 0, []float64{80}}, {leader, 1, []float64{76}}} {
			on := baseOn
			if w.round == 1 {
				on = followOn
			}
			var wid int64
			if err := tx.QueryRow(ctx, `INSERT INTO survey_waves (programme_id, questionnaire_id, version_id, unit_id, round, code, opens_on, closes_on, public_key)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8) RETURNING id`, prog, qid, vid, w.unit, w.round, fmt.Sprintf("PRT-%d", i), on,
				fmt.Sprintf("klucz-do-testu-%04d", i)).Scan(&wid); err != nil {
				return err
			}
			for _, sc := range w.scores {
				if _, err := tx.Exec(ctx, `INSERT INTO survey_responses (wave_id, channel, answered_on, index_score) VALUES ($1, 'online', $2, $3)`, wid, on, sc); err != nil {
					return err
				}
			}
			if _, err := tx.Exec(ctx, `UPDATE survey_waves SET closed_at = now(), closed_by = (SELECT min(id) FROM users) WHERE id = $1`, wid); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	coord := app.LoginAs("koordynator")
	base := "/programmes/" + itoa(prog)
	page := coord.Get(base + "/indicators?period=" + q)
	row := between(page.Body, `data-testid="indicator-S1"`, "</tr>")
	for _, want := range []string{`data-testid="value">7,5</a>`, "średnia z 2 jednostek", "75,0%", "nie dotyczy", "zagrożony"} {
		if !strings.Contains(row, want) {
			t.Errorf("dashboard row of the satisfaction change lacks %q:\n%s", want, row)
		}
	}
	drill := coord.Get(base + "/indicators/" + itoa(in.ID))
	for _, want := range []string{"Urząd Miasta Bielawa: PRT-0 50,0 (n=1) → PRT-1 60,0 (n=2)", "PRT-2 80,0 (n=1) → PRT-3 76,0 (n=1)",
		"obecnie 7,5%, średnia z 2 jednostek"} {
		if !strings.Contains(drill.Body, want) {
			t.Errorf("drill-down lacks %q", want)
		}
	}
	rows := readCSV(t, coord.Get(base+"/report?period="+q+"&format=csv").Body)
	found := false
	for _, r := range rows {
		if len(r) > 5 && r[1] == in.Name {
			found = true
			if r[4] != "7,5" || r[5] != "7,5" {
				t.Errorf("report row %v, want the average 7,5 in the period and cumulatively", r)
			}
		}
	}
	if !found {
		t.Error("the report has no row of the satisfaction change")
	}
}

// between is the part of s from the first from up to the next to.
func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i:]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}
