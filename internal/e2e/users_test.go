package e2e

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kaizen/internal/testapp"
)

func signIn(t *testing.T, ctx context.Context, base, user, pass string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/login"),
		chromedp.SendKeys(chromedp.ID("f-username"), user),
		chromedp.SendKeys(chromedp.ID("f-password"), pass),
		chromedp.Submit(chromedp.ID("f-password")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="welcome"], [data-testid="enrol-required"], [data-testid="second-step-form"]`)),
	)
	if err != nil {
		t.Fatalf("sign in as %s: %v", user, err)
	}
	passSecondFactor(t, ctx, base, user) // accounts that are not demo accounts (mfa_test.go)
}

// TestAdminCreatesUnitManager: the administrator creates a unit manager
// account with the form (first with a mistake), and the new manager signs in
// and sees their unit.
func TestAdminCreatesUnitManager(t *testing.T) {
	app := testapp.New(t)
	ctx := Browser(t)
	signIn(t, ctx, app.URL, "admin", "demo")

	err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`nav a[href="/admin/users"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="users"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, ctx, "/admin/users")

	// A unit manager without a unit is refused, and what was typed stays.
	err = chromedp.Do(ctx,
		chromedp.Navigate(app.URL+"/admin/users/new"),
		chromedp.SendKeys(chromedp.ID("f-username"), "m.wrona"),
		// SetValue: key-by-key typing of chromedp drops some Polish letters.
		chromedp.SetValue(chromedp.ID("f-display_name"), "Maria Wrona-Łącka"),
		chromedp.SetValue(chromedp.ID("f-role"), "unit_manager"),
		chromedp.SendKeys(chromedp.ID("f-password"), "haslo-kierownika-1"),
		chromedp.SendKeys(chromedp.ID("f-password_confirm"), "haslo-kierownika-1"),
		chromedp.Submit(chromedp.ID("f-username")),
		chromedp.WaitVisible(chromedp.ID("f-units-error")),
	)
	if err != nil {
		t.Fatal(err)
	}
	name, _ := chromedp.Run(ctx, chromedp.Value(chromedp.ID("f-display_name")))
	if name != "Maria Wrona-Łącka" {
		t.Fatalf("typed name lost: %q", name)
	}
	CheckAccessibility(t, ctx, "/admin/users (form with errors)")

	// Find Urząd Miasta Bielawa (the search swaps the units' list in place),
	// tick it and submit again.
	err = chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`window.pickerMark = 1`),
		chromedp.SetValue(chromedp.ID("f-units-q"), "Bielawa"),
		chromedp.Click(chromedp.CSS(`button[name="units_search"]`)),
		// Bielawa is on the first page too: wait for the swapped list
		chromedp.WaitReady(chromedp.CSS(`input[name="units_q_shown"][value="Bielawa"]`)),
		chromedp.WaitVisible(chromedp.Search(`//label[contains(., "Urząd Miasta Bielawa")]/input`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	// The list was swapped in place: the page (and what the script set) stayed.
	if same, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.pickerMark === 1`)); !same {
		t.Fatal("the units' search loaded a new page: htmx should have swapped the list in place")
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.Search(`//label[contains(., "Urząd Miasta Bielawa")]/input`)),
		chromedp.SendKeys(chromedp.ID("f-password"), "haslo-kierownika-1"),
		chromedp.SendKeys(chromedp.ID("f-password_confirm"), "haslo-kierownika-1"),
		chromedp.Submit(chromedp.ID("f-username")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="user-status"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if !strings.Contains(body, "Utworzono konto „m.wrona”") {
		t.Fatalf("no confirmation:\n%s", body)
	}
	CheckAccessibility(t, ctx, "/admin/users/{id}")

	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`header form[action="/logout"] button`)), chromedp.WaitVisible(chromedp.ID("f-username")))
	if err != nil {
		t.Fatal(err)
	}
	signIn(t, ctx, app.URL, "m.wrona", "haslo-kierownika-1")
	units, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="my-units"]`)))
	if !strings.Contains(units, "Urząd Miasta Bielawa") {
		t.Fatalf("new manager's units = %q", units)
	}
	// The manager has no administration in the navigation.
	nav, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("nav.main-nav")))
	if strings.Contains(nav, "Użytkownicy") {
		t.Fatal("unit manager sees the users administration")
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+"/account/password")); err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, ctx, "/account/password")
	// A weak new password is refused with the reason beside the field.
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("f-current_password"), "haslo-kierownika-1"),
		chromedp.SendKeys(chromedp.ID("f-password"), "kier3kier3"),
		chromedp.SendKeys(chromedp.ID("f-password_confirm"), "kier3kier3"),
		chromedp.Submit(chromedp.ID("f-password")),
		chromedp.WaitVisible(chromedp.ID("f-password-error")),
	)
	if err != nil {
		t.Fatal(err)
	}
	if reason, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("f-password-error"))); !strings.Contains(reason, "zbyt łatwe do odgadnięcia") {
		t.Fatalf("reason beside the password = %q", reason)
	}
	CheckAccessibility(t, ctx, "/account/password (weak password)")
	if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+"/admin/users")); err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, ctx, "403 page")
}

// TestAxeFindsViolations proves the accessibility check can fail.
func TestAxeFindsViolations(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(`<!doctype html><html><head><title>x</title></head><body><img src="/a.png"><input type="text"></body></html>`))
	}))
	defer ts.Close()
	ctx := Browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL)); err != nil {
		t.Fatal(err)
	}
	vs, err := axeViolations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, v := range vs {
		found[v.ID] = true
	}
	for _, want := range []string{"image-alt", "label", "html-has-lang"} {
		if !found[want] {
			t.Errorf("axe did not report %s on a broken page (got %v)", want, found)
		}
	}
}
