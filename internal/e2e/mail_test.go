package e2e

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

// TestMailNoticeInBrowser: a protocol submitted for decision sends its
// notice through SMTP to the sink; the administrator finds it in the
// browser at /admin/mail and opens it; the manager switches notices off on
// their account page. Each page passes the accessibility check.
func TestMailNoticeInBrowser(t *testing.T) {
	app := testapp.New(t, testapp.Options{Mail: true})
	ctxb := t.Context()
	prog := app.DemoProgramme(t)
	units, _ := app.Store.ListUnits(ctxb)
	var leader int64
	for _, u := range units {
		if u.Name == "Urząd Miasta w Dzierżoniowie" {
			leader = u.ID
		}
	}
	ups, err := app.Store.UnitProducts(ctxb, prog.ID, domain.ProductFilter{UnitID: leader})
	if err != nil || len(ups) == 0 {
		t.Fatalf("products: %v", err)
	}
	coordUser, _, _ := app.Store.UserCredentials(ctxb, "koordynator")
	pr := &domain.Protocol{ProgrammeID: prog.ID, TaskID: ups[0].TaskID, UnitID: leader, Place: "Dzierżoniów", Date: app.DemoDay(t, 6, 0),
		Contractor: "Lider", Description: "Przekazanie " + ups[0].Name, Items: []domain.ProtocolItem{{UnitProductID: ups[0].ID}}}
	if err := app.Store.SaveProtocol(ctxb, domain.ActorOf(coordUser, "127.0.0.1"), pr, ""); err != nil {
		t.Fatal(err)
	}
	coord := app.LoginAs("koordynator")
	if r := coord.Post(paths.Protocol(prog.ID, pr.ID)+"/submit", url.Values{"version": {itoa(int64(pr.Version))}}); r.StatusCode != 303 {
		t.Fatalf("submit: %d", r.StatusCode)
	}
	subject := "Protokół odbioru nr " + pr.Number() + " czeka na Twoją decyzję"
	m := app.WaitMail(t, func(m *domain.MailMessage) bool { return m.Subject == subject })

	ctx := Browser(t)
	signIn(t, ctx, app.URL, "admin", "demo")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`nav a[href="/admin/mail"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="mail"]`)),
	); err != nil {
		t.Fatal(err)
	}
	list, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="mail"]`)))
	if !strings.Contains(list, subject) || !strings.Contains(list, "halina.sadowska@example.org") {
		t.Fatalf("list: %s", list)
	}
	CheckAccessibility(t, ctx, "/admin/mail")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`a[href="`+paths.AdminMailMessage(m.ID)+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="mail-html"]`)),
	); err != nil {
		t.Fatal(err)
	}
	text, terr := textContaining(ctx, `[data-testid="mail-text"]`, "Urząd Miasta w Dzierżoniowie")
	html, herr := textContaining(ctx, `[data-testid="mail-html"]`, "<a href=")
	if !strings.Contains(text, "Urząd Miasta w Dzierżoniowie") || !strings.Contains(html, "<a href=") {
		t.Fatalf("message (read errors %v, %v): %s\n%s", terr, herr, text, html)
	}
	CheckAccessibility(t, ctx, "/admin/mail/{id}")

	mctx := Browser(t)
	signIn(t, mctx, app.URL, "kierownik", "demo")
	if err := chromedp.Do(mctx,
		chromedp.Click(chromedp.CSS(`nav a[href="/account/notices"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="notices-email"]`)),
	); err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, mctx, "/account/notices")
	if err := chromedp.Do(mctx,
		chromedp.Click(chromedp.CSS(`input[name="notices"]`)),
		chromedp.Submit(chromedp.CSS(`input[name="notices"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	); err != nil {
		t.Fatal(err)
	}
	flash, _ := chromedp.Run(mctx, chromedp.Text(chromedp.CSS(`.flash`)))
	if !strings.Contains(flash, "wyłączone") {
		t.Fatalf("flash: %s", flash)
	}
	u, _, _ := app.Store.UserCredentials(ctxb, "kierownik")
	if u.Notices {
		t.Fatal("notices still on")
	}
}

// textContaining reads the text of the element sel until it holds want,
// for up to 3 s: once, CI read an empty text part of a page whose HTML
// part it had just read (under -race, on a busy machine).
func textContaining(ctx context.Context, sel, want string) (string, error) {
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	for end := time.Now().Add(3 * time.Second); !strings.Contains(text, want) && time.Now().Before(end); {
		time.Sleep(50 * time.Millisecond)
		text, err = chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	}
	return text, err
}
