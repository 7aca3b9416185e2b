package e2e

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

// TestStaleFormLeadsBack: the coordinator opens the programme, goes to the
// periods page from its navigation and back to the dashboard of an ended
// quarter; meanwhile a colleague closes that quarter. Sending the stale
// close form shows why it failed, and "Wróć" leads back to the dashboard,
// which now shows the quarter closed and offers no closing.
func TestStaleFormLeadsBack(t *testing.T) {
	app := testapp.New(t)
	progs, _ := app.Store.Programmes(t.Context())
	prog := progs[0].ID
	q := app.DemoQuarter(t, 6)
	dashboard := paths.Indicators(prog) + "?period=" + q

	ctx := Browser(t)
	signIn(t, ctx, app.URL, "koordynator", "demo")
	if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+paths.Programme(prog)),
		chromedp.Click(chromedp.CSS(`[data-testid="periods-link"]`)), chromedp.WaitVisible(chromedp.ID("f-periods")),
		chromedp.Navigate(app.URL+dashboard), chromedp.WaitVisible(chromedp.CSS(`[data-testid="close-form"]`))); err != nil {
		t.Fatal(err)
	}
	if r := app.LoginAs("admin").Post(paths.PeriodClose(prog, q), url.Values{"request_no": {"WNP/7"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("the colleague's closing: %d", r.StatusCode)
	}
	if err := chromedp.Do(ctx, chromedp.Submit(chromedp.CSS(`[data-testid="close-form"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="error-back"]`))); err != nil {
		t.Fatal(err)
	}
	message, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="error-message"]`)))
	if !strings.Contains(message, "zamknięty") {
		t.Errorf("error message: %q", message)
	}
	CheckAccessibility(t, ctx, "error page after a stale form")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-testid="error-back"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="closings"]`))); err != nil {
		t.Fatal(err)
	}
	closed, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	forms, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="close-form"]').length`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(closed, "WNP/7") || forms != 0 {
		t.Errorf("back on the dashboard: closing shown %v, close forms %d", strings.Contains(closed, "WNP/7"), forms)
	}
}
