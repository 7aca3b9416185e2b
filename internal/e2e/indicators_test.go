package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
)

// TestSigningMovesIndicator: the demo manager signs the protocol waiting
// in their unit, which completes the unit's P3 implementation; indicator 6
// on the coordinator's dashboard moves by one and its drill-down lists the
// protocol.
func TestSigningMovesIndicator(t *testing.T) {
	app := testapp.New(t)
	ctx := t.Context()
	progs, _ := app.Store.Programmes(ctx)
	base := app.URL + "/programmes/" + itoa(progs[0].ID)
	waiting, _ := app.Store.Protocols(ctx, progs[0].ID, domain.ProtocolFilter{Status: domain.ProtocolSubmitted})
	if len(waiting) != 1 {
		t.Fatalf("demo protocols waiting: %d", len(waiting))
	}
	number := waiting[0].Number()

	coord := Browser(t)
	signIn(t, coord, app.URL, "koordynator", "demo")
	cumulative := func() string {
		t.Helper()
		v, err := chromedp.Run(coord, chromedp.Text(chromedp.CSS(`[data-testid="indicator-6"] [data-testid="cumulative"]`)))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if err := chromedp.Do(coord, chromedp.Navigate(base), chromedp.Click(chromedp.CSS(`[data-testid="indicators-link"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="indicators"]`))); err != nil {
		t.Fatal(err)
	}
	before := cumulative()
	CheckAccessibility(t, coord, "indicator dashboard")

	mgr := Browser(t)
	signIn(t, mgr, app.URL, "kierownik", "demo")
	err := chromedp.Do(mgr,
		chromedp.Click(chromedp.Search(`//ul[@data-testid="protocols-waiting"]//a[contains(., "`+number+`")]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="decide-form"]`)),
		chromedp.SetValue(chromedp.ID("f-decision"), "accepted"),
		chromedp.SendKeys(chromedp.ID("f-password"), "demo"),
		chromedp.Submit(chromedp.ID("f-password")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="seal"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}

	if err := chromedp.Do(coord, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`[data-testid="indicators"]`))); err != nil {
		t.Fatal(err)
	}
	after := cumulative()
	if before != "2" || after != "3" {
		t.Fatalf("indicator 6 cumulative %s → %s, want 2 → 3", before, after)
	}
	err = chromedp.Do(coord,
		chromedp.Click(chromedp.CSS(`[data-testid="indicator-6"] [data-testid="cumulative"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="facts"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	facts, _ := chromedp.Run(coord, chromedp.Text(chromedp.CSS(`[data-testid="facts"]`)))
	if !strings.Contains(facts, "protokół nr "+number) {
		t.Fatalf("drill-down does not list protocol %s:\n%s", number, facts)
	}
	CheckAccessibility(t, coord, "indicator drill-down")
	err = chromedp.Do(coord,
		chromedp.Click(chromedp.Search(`//table[@data-testid="facts"]//a[contains(., "protokół nr `+number+`")]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="digest"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(coord, chromedp.Navigate(base+"/units/"+itoa(waiting[0].UnitID)), chromedp.WaitVisible(chromedp.CSS(`[data-testid="unit-indicators"]`))); err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, coord, "unit view")
}
