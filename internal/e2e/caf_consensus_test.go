package e2e

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"kaizen/internal/demo"
	"kaizen/internal/domain"
	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

// TestCAFConsensusPages: the consensus (members' scores side by side), an
// agreed score's form, the manager's signature page, the report with its
// chart and a version page pass axe.
func TestCAFConsensusPages(t *testing.T) {
	app := testapp.New(t)
	ctx := t.Context()
	p := app.DemoProgramme(t)
	units, _ := app.Store.ListUnits(ctx)
	var unit int64
	for _, u := range units {
		if u.Name == demo.LeaderUnit {
			unit = u.ID
		}
	}
	user := func(name string) *domain.User {
		u, _, err := app.Store.UserCredentials(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	leader, member, boss := user("czlonek"), user("czlonek.b"), user("kierownik")
	a := &domain.CAFAssessment{UnitID: unit, Method: domain.CAFClassical, StartsOn: p.Start.AddDate(0, 1, 0), EndsOn: p.Start.AddDate(0, 2, 0),
		Members: []domain.CAFMember{{UserID: leader.ID, Leader: true}, {UserID: member.ID}}}
	if err := app.Store.CreateCAFAssessment(ctx, domain.Actor{Username: "test"}, p, a); err != nil {
		t.Fatal(err)
	}
	reload := func() {
		t.Helper()
		var err error
		if a, err = app.Store.CAFAssessment(ctx, p.ID, a.ID); err != nil {
			t.Fatal(err)
		}
	}
	reload()
	for i, u := range []*domain.User{leader, member} {
		for _, sub := range a.Model().Subs() {
			x := float64(50 + 35*i)
			sc := &domain.CAFScore{Sub: sub.Code, Score: &x, Strengths: "Mocne strony: " + u.DisplayName, Improvements: "Do poprawy: " + u.DisplayName}
			if err := app.Store.SaveCAFScore(ctx, domain.ActorOf(u, ""), a, u.ID, sc); err != nil {
				t.Fatal(err)
			}
		}
		if err := app.Store.SubmitCAFScoring(ctx, domain.ActorOf(u, ""), a, u.ID); err != nil {
			t.Fatal(err)
		}
	}
	if err := app.Store.OpenCAFConsensus(ctx, domain.ActorOf(leader, ""), a); err != nil {
		t.Fatal(err)
	}
	reload()
	for _, sub := range a.Model().Subs() {
		x := 65.0
		sc := &domain.CAFScore{Sub: sub.Code, Score: &x, Justification: "Uzgodnione po dyskusji.", Strengths: "Mocne", Improvements: "Słabe"}
		if err := app.Store.SaveCAFConsensusScore(ctx, domain.ActorOf(leader, ""), a, sc); err != nil {
			t.Fatal(err)
		}
	}
	visit := func(b context.Context, path, testID string) {
		t.Helper()
		if err := chromedp.Do(b, chromedp.Navigate(app.URL+path), chromedp.WaitVisible(chromedp.CSS(`[data-testid="`+testID+`"]`))); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		CheckAccessibility(t, b, path)
	}
	lb, bb := Browser(t), Browser(t)
	signIn(t, lb, app.URL, "czlonek", "demo")
	signIn(t, bb, app.URL, "kierownik", "demo")
	visit(lb, paths.CAFConsensus(p.ID, a.ID), "caf-spread")
	visit(lb, paths.CAFConsensusScore(p.ID, a.ID, "1.1"), "caf-consensus-form")
	if err := app.Store.SubmitCAFConsensus(ctx, domain.ActorOf(leader, ""), a); err != nil {
		t.Fatal(err)
	}
	visit(bb, paths.CAFSign(p.ID, a.ID), "caf-sign-form")
	reload()
	c, err := app.Store.SignCAFConsensus(ctx, domain.ActorOf(boss, ""), a, boss)
	if err != nil {
		t.Fatal(err)
	}
	visit(bb, paths.CAFReport(p.ID, a.ID), "caf-chart")
	visit(lb, paths.CAFVersion(p.ID, a.ID, c.ID), "caf-version-facts")
}
