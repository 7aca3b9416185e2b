package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"kaizen/internal/demo"
	"kaizen/internal/domain"
	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

// demoUnitID is the id of a demo programme's unit by name.
func demoUnitID(t *testing.T, app *testapp.App, p *domain.Programme, name string) int64 {
	t.Helper()
	parts, err := app.Store.Participations(t.Context(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, pt := range parts {
		if pt.Unit.Name == name {
			return pt.Unit.ID
		}
	}
	t.Fatalf("unit %s not in the demo programme", name)
	return 0
}

func demoUser(t *testing.T, app *testapp.App, username string) *domain.User {
	t.Helper()
	u, _, err := app.Store.UserCredentials(t.Context(), username)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// cafSignedDemo runs a whole classical cycle of unit (member scores and
// leads, manager signs) with every sub-criterion agreed at points.
func cafSignedDemo(t *testing.T, app *testapp.App, p *domain.Programme, unitID int64, member, manager *domain.User, points float64) *domain.CAFAssessment {
	t.Helper()
	ctx := t.Context()
	st := app.Store
	today := testapp.Today()
	a := &domain.CAFAssessment{UnitID: unitID, Method: domain.CAFClassical, StartsOn: today.AddDate(0, 0, -20), EndsOn: today,
		Members: []domain.CAFMember{{UserID: member.ID, Leader: true}}}
	if err := st.CreateCAFAssessment(ctx, domain.Actor{Username: "test"}, p, a); err != nil {
		t.Fatal(err)
	}
	reload := func() *domain.CAFAssessment {
		got, err := st.CAFAssessment(ctx, p.ID, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	a = reload()
	act := domain.Actor{UserID: member.ID, Username: member.Username}
	score := func(sub string) *domain.CAFScore {
		x := points
		return &domain.CAFScore{Sub: sub, Score: &x, Strengths: "Mocna strona " + sub, Improvements: "Do poprawy " + sub,
			Justification: "Zespół uzgodnił ocenę."}
	}
	for _, sub := range a.Model().Subs() {
		if err := st.SaveCAFScore(ctx, act, a, member.ID, score(sub.Code)); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.SubmitCAFScoring(ctx, act, a, member.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.OpenCAFConsensus(ctx, act, a); err != nil {
		t.Fatal(err)
	}
	a = reload()
	for _, sub := range a.Model().Subs() {
		if err := st.SaveCAFConsensusScore(ctx, act, a, score(sub.Code)); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.SubmitCAFConsensus(ctx, act, a); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SignCAFConsensus(ctx, domain.Actor{UserID: manager.ID, Username: manager.Username}, reload(), manager); err != nil {
		t.Fatal(err)
	}
	return reload()
}

// cafMarkup fails on a page's markup problems, duplicate ids or missing title.
func cafMarkup(t *testing.T, what string, r *testapp.Response) {
	t.Helper()
	if probs := markupProblems(r.Body); len(probs) > 0 {
		t.Errorf("%s: markup problems %v", what, probs)
	}
	if title, dups := pageFacts(r.Body); title == "" || len(dups) > 0 {
		t.Errorf("%s: title %q, duplicate ids %v", what, title, dups)
	}
}

func cafActionValues() url.Values {
	today := testapp.Today()
	return url.Values{"sub": {"1.1"}, "title": {"Mapa procesów urzędu"}, "description": {"Opis działań."}, "owner": {"Sekretarz miasta"},
		"starts_on": {today.Format(time.DateOnly)}, "ends_on": {today.AddDate(0, 2, 0).Format(time.DateOnly)},
		"impact": {"3"}, "effort": {"1"}, "status": {"planned"}, "done_on": {""}, "task": {""}, "practice": {""}}
}

func TestCAFPlanPages(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	p := app.DemoProgramme(t)
	leaderUnit := demoUnitID(t, app, p, demo.LeaderUnit)
	a := cafSignedDemo(t, app, p, leaderUnit, demoUser(t, app, "czlonek"), demoUser(t, app, "kierownik"), 40)
	c := app.LoginAs("kierownik")

	r := c.Get(paths.CAFPlan(p.ID, a.ID))
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "Dodaj działanie") || !strings.Contains(r.Body, "Do poprawy 1.1") ||
		!strings.Contains(r.Body, paths.CAFActionNew(p.ID, a.ID)+"?sub=1.1") {
		t.Fatalf("plan: %d\n%s", r.StatusCode, r.Body)
	}
	cafMarkup(t, "plan", r)
	if r := c.Get(paths.CAFActionNew(p.ID, a.ID) + "?sub=2.1"); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `<option value="2.1" selected`) {
		t.Fatalf("new form: %d", r.StatusCode)
	}
	today := testapp.Today()
	for _, tc := range []struct {
		name, field, msg string
		form             url.Values
	}{
		{"EndBeforeStart", "ends_on", "nie może być wcześniejsza", merge(cafActionValues(), "ends_on", today.AddDate(0, 0, -1).Format(time.DateOnly))},
		{"DoneWithoutDate", "done_on", "Podaj datę zrealizowania", merge(cafActionValues(), "status", "done")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.Post(paths.CAFPlan(p.ID, a.ID), tc.form)
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", r.StatusCode)
			}
			if !strings.Contains(r.Body, `id="f-`+tc.field+`-error"`) || !strings.Contains(r.Body, tc.msg) {
				t.Fatalf("no message %q at %s\n%s", tc.msg, tc.field, r.Body)
			}
			cafMarkup(t, "form 422", r)
			if !strings.Contains(r.Body, `value="Mapa procesów urzędu"`) || !strings.Contains(r.Body, "Sekretarz miasta") {
				t.Fatal("typed values lost")
			}
		})
	}
	if r := c.Post(paths.CAFPlan(p.ID, a.ID), cafActionValues()); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", r.StatusCode, r.Body)
	}
	r = c.Get(paths.CAFPlan(p.ID, a.ID))
	cafMarkup(t, "plan with an action", r)
	if !strings.Contains(r.Body, "Mapa procesów urzędu") || !strings.Contains(r.Body, "wysoki (wpływ duży × nakład mały)") {
		t.Fatalf("saved action missing\n%s", r.Body)
	}

	// the leader edits it: done
	actions, err := app.Store.CAFActions(t.Context(), a.ID)
	if err != nil || len(actions) != 1 {
		t.Fatalf("actions %v %v", actions, err)
	}
	x := actions[0]
	lead := app.LoginAs("czlonek")
	if r := lead.Get(paths.CAFActionEdit(p.ID, a.ID, x.ID)); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "Mapa procesów urzędu") {
		t.Fatalf("edit form: %d", r.StatusCode)
	}
	done := merge(cafActionValues(), "status", "done", "done_on", today.Format(time.DateOnly), "version", strconv.Itoa(x.Version))
	if r := lead.Post(paths.CAFAction(p.ID, a.ID, x.ID), done); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("update: %d\n%s", r.StatusCode, r.Body)
	}
	if r := lead.Post(paths.CAFAction(p.ID, a.ID, x.ID), done); r.StatusCode != http.StatusConflict {
		t.Fatalf("stale update: %d", r.StatusCode)
	}
	if r := lead.Get(paths.CAFPlan(p.ID, a.ID)); !strings.Contains(r.Body, "Zrealizowano 1 z 1") {
		t.Fatalf("progress\n%s", r.Body)
	}

	// the unit's page shows the CAF state
	// (the demo's actions of the unit count too)
	sum, err := app.Store.CAFUnitSummary(t.Context(), p.ID, leaderUnit, today)
	if err != nil || sum.Done < 1 {
		t.Fatalf("unit summary %+v %v", sum, err)
	}
	if r := c.Get(paths.ProgrammeUnit(p.ID, leaderUnit)); !strings.Contains(r.Body, `data-testid="unit-caf"`) ||
		!strings.Contains(r.Body, fmt.Sprintf("zrealizowano %d z %d ", sum.Done, sum.Actions)) || !strings.Contains(r.Body, "40 pkt") {
		t.Fatalf("unit page lacks CAF\n%s", r.Body)
	}

	// an assessor of another unit: nothing
	other := app.LoginAs("czlonek2")
	for _, path := range []string{paths.CAFPlan(p.ID, a.ID), paths.CAFActionNew(p.ID, a.ID)} {
		if r := other.Get(path); r.StatusCode != http.StatusForbidden {
			t.Fatalf("%s as czlonek2: %d", path, r.StatusCode)
		}
	}
	if r := other.Post(paths.CAFPlan(p.ID, a.ID), cafActionValues()); r.StatusCode != http.StatusForbidden {
		t.Fatalf("create as czlonek2: %d", r.StatusCode)
	}
}
