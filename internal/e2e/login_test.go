package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kaizen/internal/demo"
	"kaizen/internal/domain"
	"kaizen/internal/testapp"
)

// TestSignInEveryDemoAccount signs in as each demo account in Chromium, sees
// its start page, checks the page's accessibility and signs out.
func TestSignInEveryDemoAccount(t *testing.T) {
	app := testapp.New(t)
	ctx := Browser(t)

	if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+"/")); err != nil {
		t.Fatal(err)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if !strings.HasSuffix(loc, "/login") {
		t.Fatalf("anonymous visit to / ended at %s, want the sign-in page", loc)
	}
	CheckAccessibility(t, ctx, "/login")

	for _, a := range demo.Accounts {
		t.Run(a.Username, func(t *testing.T) {
			err := chromedp.Do(ctx,
				chromedp.Navigate(app.URL+"/login"),
				chromedp.WaitVisible(chromedp.ID("f-username")),
				chromedp.SendKeys(chromedp.ID("f-username"), a.Username),
				chromedp.SendKeys(chromedp.ID("f-password"), "demo"),
				chromedp.Submit(chromedp.ID("f-password")),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="welcome"]`)),
			)
			if err != nil {
				t.Fatalf("sign in: %v", err)
			}
			welcome, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="welcome"]`)))
			if err != nil || !strings.Contains(welcome, a.DisplayName) {
				t.Fatalf("welcome = %q, %v", welcome, err)
			}
			role, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="user-role"]`)))
			if role != a.Role.Label() {
				t.Fatalf("header role = %q, want %q", role, a.Role.Label())
			}
			if a.Unit != "" {
				units, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="my-units"]`)))
				if !strings.Contains(units, a.Unit) {
					t.Fatalf("unit manager's units = %q", units)
				}
			}
			CheckAccessibility(t, ctx, "/ as "+a.Username)

			err = chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS(`header form[action="/logout"] button`)),
				chromedp.WaitVisible(chromedp.ID("f-username")),
			)
			if err != nil {
				t.Fatalf("sign out: %v", err)
			}
		})
	}
}

// TestWrongPasswordInBrowser shows the generic message and keeps the username.
func TestWrongPasswordInBrowser(t *testing.T) {
	app := testapp.New(t)
	ctx := Browser(t)
	err := chromedp.Do(ctx,
		chromedp.Navigate(app.URL+"/login"),
		chromedp.SendKeys(chromedp.ID("f-username"), "koordynator"),
		chromedp.SendKeys(chromedp.ID("f-password"), "niepoprawne"),
		chromedp.Submit(chromedp.ID("f-password")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="login-error"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="login-error"]`)))
	if msg != "Nieprawidłowa nazwa użytkownika lub hasło." {
		t.Fatalf("message = %q", msg)
	}
	val, _ := chromedp.Run(ctx, chromedp.Value(chromedp.ID("f-username")))
	if val != "koordynator" {
		t.Fatalf("username not kept: %q", val)
	}
	CheckAccessibility(t, ctx, "/login with an error")
}

// TestStrangerCannotLockOutManager: a stranger's browser guesses the
// manager's password until it is refused; the manager's own browser, which
// signed in before, still signs in.
func TestStrangerCannotLockOutManager(t *testing.T) {
	app := testapp.New(t)
	owner := Browser(t)
	signIn := func(ctx context.Context, password string, wait string) error {
		return chromedp.Do(ctx,
			chromedp.Navigate(app.URL+"/login"),
			chromedp.WaitVisible(chromedp.ID("f-username")),
			chromedp.SendKeys(chromedp.ID("f-username"), "kierownik"),
			chromedp.SendKeys(chromedp.ID("f-password"), password),
			chromedp.Submit(chromedp.ID("f-password")),
			chromedp.WaitVisible(chromedp.CSS(wait)),
		)
	}
	if err := signIn(owner, "demo", `[data-testid="welcome"]`); err != nil {
		t.Fatalf("the manager signs in: %v", err)
	}
	if err := chromedp.Do(owner, chromedp.Click(chromedp.CSS(`header form[action="/logout"] button`)), chromedp.WaitVisible(chromedp.ID("f-username"))); err != nil {
		t.Fatalf("sign out: %v", err)
	}

	stranger := Browser(t)
	for i := 0; i < domain.FailuresPerUsername; i++ {
		if err := signIn(stranger, "zgaduje"+itoa(int64(i)), `[data-testid="login-error"]`); err != nil {
			t.Fatalf("guess %d: %v", i+1, err)
		}
	}
	if err := signIn(stranger, "demo", `[data-testid="login-error"]`); err != nil {
		t.Fatal(err)
	}
	msg, _ := chromedp.Run(stranger, chromedp.Text(chromedp.CSS(`[data-testid="login-error"]`)))
	if !strings.Contains(msg, "Zbyt wiele nieudanych prób logowania") {
		t.Fatalf("the stranger's browser after %d guesses: %q", domain.FailuresPerUsername, msg)
	}
	CheckAccessibility(t, stranger, "/login throttled")

	if err := signIn(owner, "demo", `[data-testid="welcome"]`); err != nil {
		t.Fatalf("the manager's own browser is locked out by a stranger: %v", err)
	}
}
