package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"

	"kaizen/internal/demo"
	"kaizen/internal/domain"
	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

// cafSigned runs a classical CAF cycle of a demo unit through the store:
// member scores every sub-criterion at points and leads, manager signs.
func cafSigned(t *testing.T, app *testapp.App, p *domain.Programme, unitID int64, member, manager string, points float64) *domain.CAFAssessment {
	t.Helper()
	ctx, st := t.Context(), app.Store
	m, _, err := st.UserCredentials(ctx, member)
	if err != nil {
		t.Fatal(err)
	}
	mgr, _, err := st.UserCredentials(ctx, manager)
	if err != nil {
		t.Fatal(err)
	}
	today := testapp.Today()
	a := &domain.CAFAssessment{UnitID: unitID, Method: domain.CAFClassical, StartsOn: today.AddDate(0, 0, -20), EndsOn: today,
		Members: []domain.CAFMember{{UserID: m.ID, Leader: true}}}
	act := domain.Actor{UserID: m.ID, Username: m.Username}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	reload := func() *domain.CAFAssessment {
		got, err := st.CAFAssessment(ctx, p.ID, a.ID)
		must(err)
		return got
	}
	must(st.CreateCAFAssessment(ctx, domain.Actor{Username: "test"}, p, a))
	a = reload()
	score := func(sub string) *domain.CAFScore {
		x := points
		return &domain.CAFScore{Sub: sub, Score: &x, Strengths: "Mocna strona " + sub, Improvements: "Do poprawy " + sub, Justification: "Uzgodniono."}
	}
	for _, s := range a.Model().Subs() {
		must(st.SaveCAFScore(ctx, act, a, m.ID, score(s.Code)))
	}
	must(st.SubmitCAFScoring(ctx, act, a, m.ID))
	must(st.OpenCAFConsensus(ctx, act, a))
	a = reload()
	for _, s := range a.Model().Subs() {
		must(st.SaveCAFConsensusScore(ctx, act, a, score(s.Code)))
	}
	must(st.SubmitCAFConsensus(ctx, act, a))
	_, err = st.SignCAFConsensus(ctx, domain.Actor{UserID: mgr.ID, Username: mgr.Username}, reload(), mgr)
	must(err)
	return reload()
}

// TestCAFPlanBenchmarkPages: the leader unit's manager opens the
// improvement plan, the form of a new action and the benchmarking; every
// page passes axe.
func TestCAFPlanBenchmarkPages(t *testing.T) {
	app := testapp.New(t)
	p := app.DemoProgramme(t)
	units, err := app.Store.Participations(t.Context(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	var leader int64
	for _, u := range units {
		if u.Unit.Name == demo.LeaderUnit {
			leader = u.Unit.ID
		}
	}
	a := cafSigned(t, app, p, leader, "czlonek", "kierownik", 55)

	b := Browser(t)
	signIn(t, b, app.URL, "kierownik", "demo")
	for _, pg := range []struct{ name, path, wait string }{
		{"CAF plan", paths.CAFPlan(p.ID, a.ID), `[data-testid="caf-plan-progress"]`},
		{"CAF action form", paths.CAFActionNew(p.ID, a.ID) + "?sub=1.1", `#f-title`},
		{"CAF benchmark", paths.CAFBenchmark(p.ID), `[data-testid="caf-position"]`},
	} {
		if err := chromedp.Do(b, chromedp.Navigate(app.URL+pg.path), chromedp.WaitVisible(chromedp.CSS(pg.wait))); err != nil {
			t.Fatalf("%s: %v", pg.name, err)
		}
		CheckAccessibility(t, b, pg.name)
	}
}
