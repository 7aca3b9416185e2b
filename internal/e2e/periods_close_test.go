package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

// TestClosePeriodFromPeriodsPage: the coordinator opens the programme's
// periods page, asks to close an ended quarter, reads on the confirmation
// page what will be frozen (nothing is saved yet), types the payment
// request's number and confirms; back on the periods page the quarter is
// closed and no longer offered for closing.
func TestClosePeriodFromPeriodsPage(t *testing.T) {
	app := testapp.New(t)
	progs, _ := app.Store.Programmes(t.Context())
	prog := progs[0].ID
	q := app.DemoQuarter(t, 6)
	ask := `form[action="` + paths.PeriodCloseConfirm(prog, q) + `"] button`

	ctx := Browser(t)
	signIn(t, ctx, app.URL, "koordynator", "demo")
	if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+paths.Periods(prog)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="periods-list"]`))); err != nil {
		t.Fatal(err)
	}
	// A date field reached by keyboard shows the app's focus ring (3 px).
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById('f-periods.0.code').focus(); true`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
		t.Fatal(err)
	}
	ring, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const e = document.activeElement, s = getComputedStyle(e); return e.id + " " + s.outlineStyle + " " + s.outlineWidth })()`))
	if err != nil || ring != "f-periods.0.start solid 3px" {
		t.Errorf("the focused date field: %q, %v", ring, err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(ask)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="close-confirm-form"]`))); err != nil {
		t.Fatal(err)
	}
	heading, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main h1")))
	frozen, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="frozen"]`)))
	if heading != "Zamknąć okres "+q+"?" || !strings.Contains(frozen, "korekty") || !strings.Contains(frozen, "Wartości wskaźników") {
		t.Errorf("confirmation: heading %q, frozen %q", heading, frozen)
	}
	CheckAccessibility(t, ctx, "confirmation of closing a period")
	if cs, _ := app.Store.Closings(t.Context(), prog); len(cs) != 0 {
		t.Fatalf("asking to close saved a closing: %v", cs)
	}

	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("f-request_no"), "WNP/12"),
		chromedp.Click(chromedp.CSS(`[data-testid="close-confirm-form"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="period-`+q+`"]`))); err != nil {
		t.Fatal(err)
	}
	body, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if !strings.Contains(body, "Zamknięto okres "+q) {
		t.Errorf("no confirmation of the closing on the periods page:\n%s", body)
	}
	row, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="period-`+q+`"]`)))
	asks, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('`+ask+`').length`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(row, "zamknięty") || asks != 0 {
		t.Errorf("periods page after closing: row %q, close buttons %d", row, asks)
	}
	cs, _ := app.Store.Closings(t.Context(), prog)
	if len(cs) != 1 || cs[0].Period != q || cs[0].RequestNo != "WNP/12" {
		t.Errorf("closings: %v", cs)
	}
}
