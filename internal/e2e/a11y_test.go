package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"

	"kaizen/internal/testapp"
)

// TestAccessibilitySweep runs axe-core on every page that no flow test
// checks, as the roles that use them.
func TestAccessibilitySweep(t *testing.T) {
	app := testapp.New(t)
	ctx := Browser(t)
	ctxb := t.Context()
	progs, _ := app.Store.Programmes(ctxb)
	p := "/programmes/" + itoa(progs[0].ID)
	sessions, _ := app.Store.TrainingSessions(ctxb, progs[0].ID)
	meetings, _ := app.Store.Meetings(ctxb, progs[0].ID)
	persons, _ := app.Store.Persons(ctxb, progs[0].ID)
	inds, _ := app.Store.Indicators(ctxb, progs[0].ID)
	trs, _ := app.Store.Trainings(ctxb, progs[0].ID)
	cons, _ := app.Store.Consultations(ctxb, progs[0].ID)
	units, _ := app.Store.ListUnits(ctxb)
	s := p + "/sessions/" + itoa(sessions[0].ID)
	m := p + "/meetings/" + itoa(meetings[0].ID)

	for who, pages := range map[string][]string{
		"koordynator": {p + "/edit", p + "/units", p + "/trainings/" + itoa(trs[0].ID) + "/edit", p + "/indicators/" + itoa(inds[0].ID) + "/edit",
			"/units/new", "/units/" + itoa(units[0].ID) + "/edit", "/units/import", s + "/edit", s + "/import", p + "/persons",
			p + "/persons/" + itoa(persons[0].ID) + "/edit", p + "/practices/new", p + "/consultations/" + itoa(cons[0].ID) + "/edit", m + "/edit",
			p + "/periods", p + "/indicators/" + itoa(inds[0].ID)},
		"obserwator": {s, m, p + "/persons", p + "/practices/1", p + "/consultations", "/audit", "/audit/programme/" + itoa(progs[0].ID), "/", "/account/security",
			p + "/indicators?period=" + app.DemoQuarter(t, 6)},
		"kierownik": {s, m, p + "/persons", p + "/protocols", "/"},
		"admin":     {"/admin/integrity", p + "/protocols/1", p + "/protocols/3", p + "/products/1", "/audit"},
	} {
		signIn(t, ctx, app.URL, who, "demo")
		for _, path := range pages {
			if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+path), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
				t.Fatalf("%s as %s: %v", path, who, err)
			}
			CheckAccessibility(t, ctx, path+" as "+who)
		}
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`header form[action="/logout"] button`)), chromedp.WaitVisible(chromedp.ID("f-username"))); err != nil {
			t.Fatal(err)
		}
	}
}
