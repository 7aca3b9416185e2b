package e2e

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

// pressEnterOn moves focus to sel and presses Enter, as a keyboard user
// submits a form (no click, no script of the page).
func pressEnterOn(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(chromedp.Focus(chromedp.CSS(sel)), chromedp.KeyEvent(kb.Enter))
}

// focused describes document.activeElement: its id, else its data-testid.
func focused(t *testing.T, ctx context.Context) string {
	t.Helper()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const e = document.activeElement; return e ? (e.id || e.dataset.testid || e.tagName) : "" })()`))
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// focusedAs waits up to 3 s for want to have the focus (a page's
// fragment moves it after the page is shown) and returns what has it last.
func focusedAs(t *testing.T, ctx context.Context, want string) string {
	t.Helper()
	got := focused(t, ctx)
	for end := time.Now().Add(3 * time.Second); got != want && time.Now().Before(end); got = focused(t, ctx) {
		time.Sleep(50 * time.Millisecond)
	}
	return got
}

func noScript(t *testing.T, ctx context.Context) {
	t.Helper()
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
}

// TestKeyboardFocusAfterErrorsAndSuccess: with JavaScript off and only the
// keyboard, after each error focus is on the error summary, and after each
// success on the confirmation, in the three main flows.
func TestKeyboardFocusAfterErrorsAndSuccess(t *testing.T) {
	app := testapp.New(t)
	progs, _ := app.Store.Programmes(t.Context())
	prog := progs[0].ID
	sessions, _ := app.Store.TrainingSessions(t.Context(), prog)
	session := app.URL + paths.TrainingSession(prog, sessions[0].ID)
	saveGrid := `form[action$="/attendance"] button[type="submit"]`

	t.Run("attendance", func(t *testing.T) {
		ctx := Browser(t)
		signIn(t, ctx, app.URL, "koordynator", "demo")
		noScript(t, ctx)
		other := Browser(t)
		signIn(t, other, app.URL, "koordynator", "demo")
		// Both open the grid; the colleague saves first.
		if err := chromedp.Do(ctx, chromedp.Navigate(session), chromedp.WaitVisible(chromedp.CSS(`[data-testid="attendance"]`))); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(other, chromedp.Navigate(session), chromedp.WaitVisible(chromedp.CSS(`[data-testid="attendance"]`)),
			pressEnterOn(saveGrid), chromedp.WaitVisible(chromedp.ID("komunikat"))); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx, pressEnterOn(saveGrid), chromedp.WaitVisible(chromedp.CSS(`[data-testid="attendance-error"]`))); err != nil {
			t.Fatal(err)
		}
		if got := focused(t, ctx); got != "attendance-error" {
			t.Errorf("after the conflict focus is on %q, want the error", got)
		}
		if err := chromedp.Do(ctx, pressEnterOn(saveGrid), chromedp.WaitVisible(chromedp.ID("komunikat"))); err != nil {
			t.Fatal(err)
		}
		if got := focused(t, ctx); got != "komunikat" {
			t.Errorf("after saving focus is on %q, want the confirmation", got)
		}
		// The confirmation stands inside the attendance section, after its heading.
		inside, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("obecnosc").compareDocumentPosition(document.getElementById("komunikat")) === Node.DOCUMENT_POSITION_FOLLOWING`))
		if err != nil || !inside {
			t.Errorf("the confirmation is not in the attendance section (%v)", err)
		}
	})

	t.Run("protocol decision", func(t *testing.T) {
		ps, err := app.Store.Protocols(t.Context(), prog, domain.ProtocolFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var pr *domain.Protocol
		for _, p := range ps {
			if p.Status == domain.ProtocolSubmitted && p.UnitName == "Urząd Miasta w Dzierżoniowie" {
				pr = p
				break
			}
		}
		if pr == nil {
			t.Fatal("the demo has no protocol waiting for the manager's decision")
		}
		ctx := Browser(t)
		signIn(t, ctx, app.URL, "kierownik", "demo")
		noScript(t, ctx)
		sign := `[data-testid="decide-form"] button[type="submit"]`
		if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+paths.Protocol(prog, pr.ID)), chromedp.WaitVisible(chromedp.CSS(`[data-testid="decide-form"]`)),
			pressEnterOn(sign), chromedp.WaitVisible(chromedp.CSS(`.error-summary`))); err != nil {
			t.Fatal(err)
		}
		if got := focused(t, ctx); got != "error-summary" {
			t.Errorf("after the refused decision focus is on %q, want the error summary", got)
		}
		if err := chromedp.Do(ctx,
			chromedp.SetValue(chromedp.ID("f-decision"), string(domain.ProtocolAccepted)),
			chromedp.SendKeys(chromedp.ID("f-password"), "demo"),
			pressEnterOn(sign), chromedp.WaitVisible(chromedp.ID("komunikat"))); err != nil {
			t.Fatal(err)
		}
		if got := focused(t, ctx); got != "komunikat" {
			t.Errorf("after the decision focus is on %q, want the confirmation", got)
		}
	})

	t.Run("closing a period", func(t *testing.T) {
		ctx := Browser(t)
		signIn(t, ctx, app.URL, "koordynator", "demo")
		noScript(t, ctx)
		closeBtn := `[data-testid="close-form"] button[type="submit"]`
		ok, stale := app.DemoQuarter(t, 3), app.DemoQuarter(t, 6)
		if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+paths.Indicators(prog)+"?period="+ok), chromedp.WaitVisible(chromedp.CSS(`[data-testid="close-form"]`)),
			pressEnterOn(closeBtn), chromedp.WaitVisible(chromedp.ID("komunikat"))); err != nil {
			t.Fatal(err)
		}
		if got := focused(t, ctx); got != "komunikat" {
			t.Errorf("after closing focus is on %q, want the confirmation", got)
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+paths.Indicators(prog)+"?period="+stale), chromedp.WaitVisible(chromedp.CSS(`[data-testid="close-form"]`))); err != nil {
			t.Fatal(err)
		}
		if r := app.LoginAs("admin").Post(paths.PeriodClose(prog, stale), url.Values{"request_no": {"WNP/8"}}); r.StatusCode != 303 {
			t.Fatalf("the colleague's closing: %d", r.StatusCode)
		}
		if err := chromedp.Do(ctx, pressEnterOn(closeBtn), chromedp.WaitVisible(chromedp.CSS(`[data-testid="error-message"]`))); err != nil {
			t.Fatal(err)
		}
		if got := focused(t, ctx); got != "error-summary" {
			t.Errorf("after the refused closing focus is on %q, want the error message", got)
		}
	})
}
