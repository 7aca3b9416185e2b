package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kaizen/internal/demo"
	"kaizen/internal/testapp"
)

// TestDemoSecondProgrammeInBrowser: the second demo programme's own
// coordinator signs in, sees that programme alone, opens it from the start
// page (its own areas, no P/N) and its dashboard, and drills down into the
// service catalogues counted by the "accepted products" rule; axe on each.
func TestDemoSecondProgrammeInBrowser(t *testing.T) {
	app := testapp.New(t)
	ctxb := t.Context()
	progs, _ := app.Store.Programmes(ctxb)
	var kcu int64
	for _, p := range progs {
		if p.Code == demo.KCUCode {
			kcu = p.ID
		}
	}
	if kcu == 0 {
		t.Fatalf("no %s in the demo", demo.KCUCode)
	}
	inds, _ := app.Store.Indicators(ctxb, kcu)
	var catalogues int64
	for _, in := range inds {
		if strings.Contains(in.Name, "katalogów usług") {
			catalogues = in.ID
		}
	}

	ctx := Browser(t)
	signIn(t, ctx, app.URL, demo.KCUCoordinator, "demo")
	body := mainText(t, ctx)
	if !strings.Contains(body, demo.KCUCode) || strings.Contains(body, demo.ProgrammeCode) {
		t.Fatalf("start page of %s:\n%s", demo.KCUCoordinator, body)
	}
	CheckAccessibility(t, ctx, "/ as "+demo.KCUCoordinator)
	err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`main a[href="/programmes/`+itoa(kcu)+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="programme-status"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	body = mainText(t, ctx)
	for _, want := range []string{"OK – obsługa klienta", "ZJ – zarządzanie jakością", "faza zakończeniowa", "Izba Administracji Skarbowej w Poznaniu"} {
		if !strings.Contains(body, want) {
			t.Errorf("overview lacks %q", want)
		}
	}
	if strings.Contains(body, "podatki i opłaty lokalne") {
		t.Error("overview shows area P")
	}
	CheckAccessibility(t, ctx, "overview of "+demo.KCUCode)

	err = chromedp.Do(ctx, chromedp.Navigate(app.URL+"/programmes/"+itoa(kcu)+"/indicators"), chromedp.WaitVisible(chromedp.CSS("main h1")))
	if err != nil {
		t.Fatal(err)
	}
	if body = mainText(t, ctx); !strings.Contains(body, "Liczba opracowanych katalogów usług") || !strings.Contains(body, "2,5") {
		t.Fatalf("dashboard:\n%s", body)
	}
	CheckAccessibility(t, ctx, "dashboard of "+demo.KCUCode)

	err = chromedp.Do(ctx, chromedp.Navigate(app.URL+"/programmes/"+itoa(kcu)+"/indicators/"+itoa(catalogues)), chromedp.WaitVisible(chromedp.CSS("main h1")))
	if err != nil {
		t.Fatal(err)
	}
	body = mainText(t, ctx)
	if !strings.Contains(body, "Z1 d)") || !strings.Contains(body, "Z3 d)") {
		t.Fatalf("drill-down of the service catalogues:\n%s", body)
	}
	CheckAccessibility(t, ctx, "drill-down of "+demo.KCUCode)
}
