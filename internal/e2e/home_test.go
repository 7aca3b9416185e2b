package e2e

import (
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
	"kaizen/web/pages"
)

// TestStartPageOverview: an administrator who sees more programmes than
// the start page shows one by one gets one table of what needs attention
// (accessible), and a count leads to its list: the demo programme's
// protocols waiting for a decision.
func TestStartPageOverview(t *testing.T) {
	app := testapp.New(t)
	ctx := Browser(t)
	demoProg := app.DemoProgramme(t)
	app.ActiveProgrammes(t, pages.HomeDetailMax+1)
	signIn(t, ctx, app.URL, "admin", "demo")
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`[data-testid="home-overview"]`))); err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, ctx, "start page overview")
	link := `[data-testid="home-overview"] a[href="/programmes/` + strconv.FormatInt(demoProg.ID, 10) + `/protocols?status=submitted"]`
	err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(link)),
		chromedp.WaitVisible(chromedp.CSS(`select[name="status"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if status, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`select[name="status"]`))); err != nil || status != string(domain.ProtocolSubmitted) {
		t.Fatalf("the protocol list from the overview is filtered by %q (%v), want submitted", status, err)
	}
}
