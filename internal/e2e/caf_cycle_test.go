package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

// TestCAFCycleGroupAndScoring: a coordinator opens a unit's CAF
// self-assessment with its group (unit first, then the group), and the
// group's leader scores a sub-criterion with the keyboard, going on to the
// next; the hub, the form, the assessment page and the scoring pages pass
// axe.
func TestCAFCycleGroupAndScoring(t *testing.T) {
	app := testapp.New(t)
	ctx := Browser(t)
	prog := app.DemoProgramme(t)
	signIn(t, ctx, app.URL, "koordynator", "demo")
	err := chromedp.Do(ctx,
		chromedp.Navigate(app.URL+paths.Programme(prog.ID)),
		chromedp.Click(chromedp.CSS(`[data-testid="caf-link"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="caf-new"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, ctx, "CAF hub")
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`[data-testid="caf-new"]`)),
		chromedp.WaitVisible(chromedp.ID("f-unit")),
		chromedp.SetValue(chromedp.ID("f-unit"), cafCycleUnitValue(t, app, "Urząd Miasta w Dzierżoniowie")),
		chromedp.Click(chromedp.CSS(`[data-testid="caf-unit-choose"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="caf-form"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, ctx, "CAF group form")
	// the leader (Ewa Kaczmarek) and one more member
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#f-leader input[value="`+cafCycleUserValue(t, app, "czlonek")+`"]`)),
		chromedp.Click(chromedp.CSS(`#f-members input[value="`+cafCycleUserValue(t, app, "czlonek.b")+`"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="caf-save"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="caf-facts"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if body := mainText(t, ctx); !strings.Contains(body, "Rozpoczęto samoocenę CAF") || !strings.Contains(body, "Ewa Kaczmarek") {
		t.Fatalf("assessment page:\n%s", body)
	}
	CheckAccessibility(t, ctx, "CAF assessment page")
	created, err := chromedp.Run(ctx, chromedp.Location()) // the demo has cycles of its own
	if err != nil {
		t.Fatal(err)
	}
	signOut(t, ctx)

	signIn(t, ctx, app.URL, "czlonek", "demo")
	err = chromedp.Do(ctx,
		chromedp.Navigate(created),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="caf-my-scoring"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="caf-my-scoring"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="caf-progress"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, ctx, "CAF own scoring")
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`[data-testid="caf-criterion-1"] a`)),
		chromedp.WaitVisible(chromedp.ID("f-score")),
	)
	if err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, ctx, "CAF sub-criterion form")
	// keyboard only: points, a text, Enter saves and goes on
	err = chromedp.Do(ctx,
		chromedp.Focus(chromedp.ID("f-score")),
		chromedp.KeyEvent("60"),
		chromedp.KeyEvent(kb.Tab),
		chromedp.KeyEvent("Spotkania z pracownikami co miesiąc."),
		chromedp.Focus(chromedp.ID("f-score")),
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(chromedp.ID("komunikat")),
	)
	if err != nil {
		t.Fatal(err)
	}
	if body := mainText(t, ctx); !strings.Contains(body, "Zapisano 1.1.") || !strings.Contains(body, "Podkryterium 2 z 28") {
		t.Fatalf("after saving:\n%s", body)
	}
	// the fine-tuned panels of an enabler and of a result
	fine := &domain.CAFAssessment{UnitID: cafCycleUnitID(t, app, "Urząd Miasta w Dzierżoniowie"), Method: domain.CAFFineTuned, StartsOn: prog.Start,
		EndsOn: prog.Start.AddDate(0, 2, 0), Members: []domain.CAFMember{{UserID: cafCycleUserID(t, app, "czlonek"), Leader: true}}}
	if err := app.Store.CreateCAFAssessment(t.Context(), domain.Actor{Username: "test"}, prog, fine); err != nil {
		t.Fatal(err)
	}
	for _, sub := range []string{"1.1", "6.1"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+paths.CAFScore(prog.ID, fine.ID, sub)),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid="caf-score-form"]`))); err != nil {
			t.Fatal(err)
		}
		CheckAccessibility(t, ctx, "CAF fine-tuned form "+sub)
	}
}

func cafCycleUnitValue(t *testing.T, app *testapp.App, name string) string {
	t.Helper()
	return itoa(cafCycleUnitID(t, app, name))
}

func cafCycleUnitID(t *testing.T, app *testapp.App, name string) int64 {
	t.Helper()
	units, err := app.Store.ListUnits(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		if u.Name == name {
			return u.ID
		}
	}
	t.Fatalf("no unit %s", name)
	return 0
}

func cafCycleUserValue(t *testing.T, app *testapp.App, username string) string {
	t.Helper()
	return itoa(cafCycleUserID(t, app, username))
}

func cafCycleUserID(t *testing.T, app *testapp.App, username string) int64 {
	t.Helper()
	u, _, err := app.Store.UserCredentials(t.Context(), username)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}
