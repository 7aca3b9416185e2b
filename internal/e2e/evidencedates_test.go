package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
)

// TestClosedPeriodWarning: a coordinator records a consultation dated into
// a period already closed; the form asks first, keeps what was typed, and
// saves after "Zapisz mimo to".
func TestClosedPeriodWarning(t *testing.T) {
	app := testapp.New(t)
	ctxb := t.Context()
	p := app.DemoProgramme(t)
	q := app.DemoQuarter(t, 6)
	if _, err := app.Store.ClosePeriod(ctxb, domain.Actor{}, p, q, "WNP/1"); err != nil {
		t.Fatal(err)
	}
	ctx := Browser(t)
	signIn(t, ctx, app.URL, "koordynator", "demo")
	err := chromedp.Do(ctx,
		chromedp.Navigate(app.URL+"/programmes/"+itoa(p.ID)+"/consultations/new"),
		chromedp.WaitVisible(chromedp.ID("f-task")),
		chromedp.Evaluate[chromedp.Void](`(() => { const s = document.getElementById('f-task'); s.value = [...s.options].find(o => o.text.startsWith('P3')).value; return true })()`),
		chromedp.Evaluate[chromedp.Void](`(() => { const s = document.getElementById('f-unit'); s.value = [...s.options].find(o => o.value !== '').value; return true })()`),
		chromedp.SetValue(chromedp.ID("f-expert"), "Piotr Zawadzki"),
		chromedp.SetValue(chromedp.ID("f-day"), app.DemoDay(t, 6, 0).Format("2006-01-02")),
		chromedp.SetValue(chromedp.ID("f-hours"), "4"),
		chromedp.SetValue(chromedp.ID("f-days"), "0,5"),
		chromedp.SetValue(chromedp.ID("f-topic"), "Mapa procesów po terminie"),
		chromedp.Submit(chromedp.ID("f-topic")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="closed-warning"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	warning, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="closed-warning"]`)))
	if want := "Okres " + q + " jest zamknięty: wartość trafi do korekt."; !strings.Contains(warning, want) {
		t.Fatalf("warning %q, want %q", warning, want)
	}
	topic, _ := chromedp.Run(ctx, chromedp.Value(chromedp.ID("f-topic")))
	if topic != "Mapa procesów po terminie" {
		t.Fatalf("typed topic lost: %q", topic)
	}
	CheckAccessibility(t, ctx, "closed-period warning")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.Search(`//button[contains(., "Zapisz mimo to")]`)),
		chromedp.WaitVisible(chromedp.Search(`//div[contains(@class, "flash") and contains(., "Zapisano konsultację")]`)),
	); err != nil {
		t.Fatal(err)
	}
}
