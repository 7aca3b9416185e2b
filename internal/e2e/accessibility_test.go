package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"kaizen/internal/demo"
	"kaizen/internal/domain"
	"kaizen/internal/testapp"
	"kaizen/internal/testdb"
	"kaizen/web/paths"
)

// TestAccessibilityStatementAndRequest: from the sign-in page's footer a
// person without an account opens the accessibility statement and, with
// JavaScript off, sends a request for accessibility (first with a
// mistake); an administrator, reminded on the start page, finds it in the
// list. axe checks the public pages and the administrators' ones.
func TestAccessibilityStatementAndRequest(t *testing.T) {
	// A fixed clock on 2 April of next year: the demo statement's review
	// (a month before the tests' today) and the demo requests are overdue,
	// so the reminders and the marked rows are checked too.
	fixed := time.Date(testdb.Now().Year()+1, time.April, 2, 9, 0, 0, 0, domain.Warsaw)
	app := testapp.New(t, testapp.Options{Now: func() time.Time { return fixed }})
	ctx := Browser(t)
	noScript(t, ctx)
	// axe needs scripts: on for the check only, on the page as it came.
	check := func(page string) {
		t.Helper()
		if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
			t.Fatal(err)
		}
		CheckAccessibility(t, ctx, page)
		noScript(t, ctx)
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+paths.Login()), chromedp.WaitVisible(chromedp.ID("f-username")),
		pressEnterOn(`[data-testid="footer-a11y"]`), chromedp.WaitVisible(chromedp.ID("a11y-wstep"))); err != nil {
		t.Fatal(err)
	}
	person, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("a11y-osoba")))
	if err != nil || person != demo.A11yContact {
		t.Fatalf("contact person = %q, %v", person, err)
	}
	check("accessibility statement")

	if err := chromedp.Do(ctx, pressEnterOn(`[data-testid="a11y-request-link"]`), chromedp.WaitVisible(chromedp.ID("f-element"))); err != nil {
		t.Fatal(err)
	}
	check("request form")
	send := `form[action="` + paths.AccessibilityRequestForm() + `"] button[type="submit"]`
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("f-element"), "Protokół odbioru (skan)"),
		chromedp.SendKeys(chromedp.ID("f-request"), "Proszę o treść protokołu w postaci tekstowej."),
		chromedp.SetValue(chromedp.ID("f-name"), "Ryszard Bąk"),
		chromedp.SendKeys(chromedp.ID("f-email"), "ryszard@"),
		pressEnterOn(send), chromedp.WaitVisible(chromedp.CSS(".error-summary"))); err != nil {
		t.Fatal(err)
	}
	if got := focused(t, ctx); got != "error-summary" && !strings.HasPrefix(got, "error-summary") {
		t.Errorf("after the refused request focus is on %q, want the error summary", got)
	}
	check("request form with errors")
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("f-email"), "ryszard@example.pl"),
		pressEnterOn(send), chromedp.WaitVisible(chromedp.CSS(`[data-testid="a11y-request-sent"]`))); err != nil {
		t.Fatal(err)
	}
	check("request sent")

	admin := Browser(t)
	signIn(t, admin, app.URL, "admin", "demo")
	reminder, err := chromedp.Run(admin, chromedp.Text(chromedp.CSS(`[data-testid="a11y-reminder"]`)))
	if err != nil || !strings.Contains(reminder, "Po terminie") || !strings.Contains(reminder, "po terminie 7 dni") {
		t.Fatalf("administrator's reminder = %q, %v", reminder, err)
	}
	CheckAccessibility(t, admin, "start page with the accessibility reminder")
	if err := chromedp.Do(admin, chromedp.Navigate(app.URL+paths.AdminAccessibilityRequests()), chromedp.WaitVisible(chromedp.CSS(`[data-testid="a11y-requests"]`))); err != nil {
		t.Fatal(err)
	}
	list, err := chromedp.Run(admin, chromedp.Text(chromedp.CSS(`[data-testid="a11y-requests"]`)))
	if err != nil || !strings.Contains(list, "Ryszard Bąk") || !strings.Contains(list, "Protokół odbioru (skan)") {
		t.Fatalf("the request is not listed: %q, %v", list, err)
	}
	if marked, err := chromedp.Run(admin, chromedp.Text(chromedp.CSS(`[data-testid="a11y-overdue"]`))); err != nil || !strings.Contains(marked, "po terminie") {
		t.Errorf("no overdue request marked: %q, %v", marked, err)
	}
	CheckAccessibility(t, admin, "requests list")
	qs, err := app.Store.AccessibilityRequests(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{paths.AdminAccessibilityRequest(qs[0].ID), paths.AdminAccessibility()} {
		if err := chromedp.Do(admin, chromedp.Navigate(app.URL+path), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		CheckAccessibility(t, admin, path)
	}
}
