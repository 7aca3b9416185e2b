package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
)

// TestAcceptedProductsIndicator: a coordinator defines an "accepted
// products" indicator (a task's product letter) in the form; the demo
// manager signs the protocol waiting in their unit; the indicator moves on
// the dashboard and its drill-down names the product and the protocol.
func TestAcceptedProductsIndicator(t *testing.T) {
	app := testapp.New(t)
	ctxb := t.Context()
	p := app.DemoProgramme(t)
	waiting, _ := app.Store.Protocols(ctxb, p.ID, domain.ProtocolFilter{Status: domain.ProtocolSubmitted})
	if len(waiting) != 1 {
		t.Fatalf("demo protocols waiting: %d", len(waiting))
	}
	pr, err := app.Store.Protocol(ctxb, p.ID, waiting[0].ID)
	if err != nil || len(pr.Items) == 0 {
		t.Fatalf("waiting protocol: %v", err)
	}
	letter := pr.Items[0].Letter
	base := app.URL + "/programmes/" + itoa(p.ID)

	coord := Browser(t)
	signIn(t, coord, app.URL, "koordynator", "demo")
	err = chromedp.Do(coord,
		chromedp.Navigate(base+"/indicators/new"),
		chromedp.WaitVisible(chromedp.ID("f-rule")),
		chromedp.SetValue(chromedp.ID("f-number"), "KP"),
		chromedp.SetValue(chromedp.ID("f-type"), "product"),
		chromedp.SetValue(chromedp.ID("f-name"), "Odebrane produkty "+letter+" zadania"),
		chromedp.SetValue(chromedp.ID("f-target"), "10"),
		chromedp.SetValue(chromedp.ID("f-rule"), string(domain.RuleAcceptedProducts)),
		chromedp.Click(chromedp.Search(`//input[@name="rule_tasks" and @value="`+itoa(pr.TaskID)+`"]`)),
		chromedp.SetValue(chromedp.ID("f-rule_letters"), letter),
	)
	if err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, coord, "indicator form")
	if err := chromedp.Do(coord, chromedp.Submit(chromedp.ID("f-rule_letters")), chromedp.WaitVisible(chromedp.Search(`//div[contains(@class, "flash")]`))); err != nil {
		t.Fatal(err)
	}
	cumulative := func() string {
		t.Helper()
		if err := chromedp.Do(coord, chromedp.Navigate(base+"/indicators"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="indicator-KP"]`))); err != nil {
			t.Fatal(err)
		}
		v, err := chromedp.Run(coord, chromedp.Text(chromedp.CSS(`[data-testid="indicator-KP"] [data-testid="cumulative"]`)))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	before := cumulative()

	mgr := Browser(t)
	signIn(t, mgr, app.URL, "kierownik", "demo")
	if err := chromedp.Do(mgr,
		chromedp.Click(chromedp.Search(`//ul[@data-testid="protocols-waiting"]//a[contains(., "`+pr.Number()+`")]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="decide-form"]`)),
		chromedp.SetValue(chromedp.ID("f-decision"), "accepted"),
		chromedp.SendKeys(chromedp.ID("f-password"), "demo"),
		chromedp.Submit(chromedp.ID("f-password")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="seal"]`)),
	); err != nil {
		t.Fatal(err)
	}
	after := cumulative()
	if b, a := dec(t, before), dec(t, after); a.Sub(b) != domain.DecimalFromInt(1) {
		t.Fatalf("accepted products %s → %s, want one more", before, after)
	}
	if err := chromedp.Do(coord, chromedp.Click(chromedp.CSS(`[data-testid="indicator-KP"] [data-testid="cumulative"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="facts"]`))); err != nil {
		t.Fatal(err)
	}
	facts, _ := chromedp.Run(coord, chromedp.Text(chromedp.CSS(`[data-testid="facts"]`)))
	if !strings.Contains(facts, "protokół nr "+pr.Number()) || !strings.Contains(facts, " "+letter+") ") {
		t.Fatalf("drill-down does not name the product and protocol %s:\n%s", pr.Number(), facts)
	}
	CheckAccessibility(t, coord, "accepted products drill-down")
}

func dec(t *testing.T, s string) domain.Decimal {
	t.Helper()
	v, err := domain.ParseDecimal(s)
	if err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return v
}
