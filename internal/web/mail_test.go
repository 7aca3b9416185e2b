package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"kaizen/internal/domain"
	"kaizen/internal/store"
	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

// draftBy saves a draft protocol of unit with the unit's product up,
// prepared by the account username.
func draftBy(t *testing.T, app *testapp.App, username string, programmeID, unit int64, up domain.UnitProduct) *domain.Protocol {
	t.Helper()
	u, _, err := app.Store.UserCredentials(t.Context(), username)
	if err != nil {
		t.Fatal(err)
	}
	pr := &domain.Protocol{ProgrammeID: programmeID, TaskID: up.TaskID, UnitID: unit, Place: "Dzierżoniów", Date: app.DemoDay(t, 6, 0),
		Contractor: "Lider", Description: "Przekazanie " + up.Name, Items: []domain.ProtocolItem{{UnitProductID: up.ID}}}
	if err := app.Store.SaveProtocol(t.Context(), domain.Actor{UserID: u.ID, Username: u.Username, Role: u.Role}, pr, ""); err != nil {
		t.Fatal(err)
	}
	return pr
}

// The workflow notices arrive through SMTP in the sink, in Polish, text
// and HTML, and the administrator reads them at /admin/mail; the audit
// trail lists them without their bodies; a user who switched notices off
// gets none.
func TestMailProtocolNoticesThroughSMTP(t *testing.T) {
	t.Parallel()
	app := testapp.New(t, testapp.Options{Mail: true})
	ctx := t.Context()
	prog, _, leader, _ := demoIDs(t, app)
	ups, err := app.Store.UnitProducts(ctx, prog, domain.ProductFilter{UnitID: leader})
	if err != nil || len(ups) < 2 {
		t.Fatalf("products: %d, %v", len(ups), err)
	}
	coord, manager, admin := app.LoginAs("koordynator"), app.LoginAs("kierownik"), app.LoginAs("admin")

	// Submitted: the unit's manager is told.
	pr := draftBy(t, app, "koordynator", prog, leader, ups[0])
	page := paths.Protocol(prog, pr.ID)
	if r := coord.Post(page+"/submit", url.Values{"version": {itoa(int64(pr.Version))}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", r.StatusCode)
	}
	subject := "Protokół odbioru nr " + pr.Number() + " czeka na Twoją decyzję"
	m := app.WaitMail(t, func(m *domain.MailMessage) bool { return m.Subject == subject })
	if len(m.Recipients) != 1 || m.Recipients[0] != "halina.sadowska@example.org" || m.Kind != domain.MailProtocolSubmitted ||
		!strings.Contains(m.To, "Halina Sadowska") || m.From != "kaizen@example.org" ||
		!strings.Contains(m.Text, "Urząd Miasta w Dzierżoniowie") || !strings.Contains(m.Text, app.BrowserURL+page) ||
		!strings.Contains(m.HTML, `<a href="`+app.BrowserURL+page+`">`) || !strings.Contains(m.HTML, `lang="pl"`) {
		t.Fatalf("notice = %+v", m)
	}

	// The administrator reads it; the HTML part shows as escaped source.
	if r := admin.Get("/admin/mail"); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, subject) ||
		!strings.Contains(r.Body, "halina.sadowska@example.org") || !strings.Contains(r.Body, "protokół czeka na decyzję") {
		t.Fatalf("/admin/mail: %d\n%s", r.StatusCode, r.Body)
	}
	r := admin.Get(paths.AdminMailMessage(m.ID))
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "Urząd Miasta w Dzierżoniowie") ||
		!strings.Contains(r.Body, "&lt;a href=") || strings.Contains(r.Body, `<a href="`+app.BrowserURL+page) {
		t.Fatalf("message page: %d\n%s", r.StatusCode, r.Body)
	}
	if r := coord.Get(paths.AdminMailMessage(m.ID)); r.StatusCode != http.StatusForbidden {
		t.Fatalf("coordinator reading the mail: %d", r.StatusCode)
	}
	if r := admin.Get(paths.AdminMailMessage(m.ID + 1000)); r.StatusCode != http.StatusNotFound {
		t.Fatalf("missing message: %d", r.StatusCode)
	}

	// Rejected: the person who prepared it is told, with the reasons.
	v := versionRE.FindStringSubmatch(manager.Get(page).Body)
	if v == nil {
		t.Fatal("no version on the protocol page")
	}
	if r := manager.Post(page+"/decide", url.Values{"version": {v[1]}, "decision": {"rejected"}, "remarks": {"Brak podpisów – uzupełnić."},
		"password": {"demo"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("reject: %d\n%s", r.StatusCode, r.Body)
	}
	rej := app.WaitMail(t, func(m *domain.MailMessage) bool {
		return m.Subject == "Protokół odbioru nr "+pr.Number()+" został odrzucony"
	})
	if rej.Recipients[0] != "agnieszka.malinowska@example.org" || !strings.Contains(rej.Text, "Uwagi: Brak podpisów – uzupełnić.") ||
		rej.Kind != domain.MailProtocolRejected {
		t.Fatalf("rejection = %+v", rej)
	}

	// The audit trail lists each message sent: recipient, kind, subject,
	// never the body.
	app.MailQueueIdle(t)
	kier, _, _ := app.Store.UserCredentials(ctx, "kierownik")
	entries, err := app.Store.AuditFor(ctx, "mail", store.FormatID(kier.ID))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range entries {
		after := string(e.After)
		if e.Action == domain.AuditMailSent && strings.Contains(after, subject) {
			found = true
			if !strings.Contains(after, "halina.sadowska@example.org") || strings.Contains(after, "Dzień dobry") || strings.Contains(after, "<p>") {
				t.Fatalf("audit entry = %s", after)
			}
		}
	}
	if !found {
		t.Fatalf("no audit entry of the notice among %d", len(entries))
	}

	// Notices off: the manager switches them off, and the next protocol
	// waiting for a decision tells no one.
	if r := manager.Post(paths.AccountNotices(), url.Values{}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("switch off: %d", r.StatusCode)
	}
	if r := manager.Get(paths.AccountNotices()); !strings.Contains(r.Body, "halina.sadowska@example.org") || strings.Contains(r.Body, `value="1" checked`) {
		t.Fatalf("notices page after switching off:\n%s", r.Body)
	}
	second := draftBy(t, app, "koordynator", prog, leader, ups[1])
	if r := coord.Post(paths.Protocol(prog, second.ID)+"/submit", url.Values{"version": {itoa(int64(second.Version))}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit the second: %d", r.StatusCode)
	}
	app.MailQueueIdle(t)
	msgs, err := app.Store.SinkMessages(ctx, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		if strings.Contains(m.Subject, "nr "+second.Number()+" ") {
			t.Fatalf("a notice went although switched off: %+v", m)
		}
	}
	if h, _ := app.Store.AuditFor(ctx, "user", store.FormatID(kier.ID)); len(h) == 0 || !strings.Contains(strings.ReplaceAll(string(h[0].After), " ", ""), `"notices":false`) {
		t.Fatalf("switching notices off is not audited: %+v", h)
	}
}

// The notice of an ended period that is not closed goes to the programme's
// coordinators by the server's clock, found by the queue's periodic job at
// start, once.
func TestMailPeriodEndedThroughSMTP(t *testing.T) {
	t.Parallel()
	// The demo follows the tests' clock: find its latest ended period that
	// is not closed, and run the server three days after its end.
	probe := testapp.New(t)
	prog := probe.DemoProgramme(t)
	periods, err := probe.Store.ProgrammePeriods(t.Context(), prog.ID)
	if err != nil {
		t.Fatal(err)
	}
	closed, err := probe.Store.ClosedPeriods(t.Context(), prog.ID)
	if err != nil {
		t.Fatal(err)
	}
	today := testapp.Today()
	var target domain.Period
	for _, p := range periods {
		if p.End.Before(today) && !slicesContains(closed, p.Code) {
			target = p
		}
	}
	if target.Code == "" {
		t.Fatal("the demo programme has no ended period that is open")
	}
	fixed := time.Date(target.End.Year(), target.End.Month(), target.End.Day()+3, 10, 0, 0, 0, time.UTC)
	app := testapp.New(t, testapp.Options{Mail: true, Now: func() time.Time { return fixed }})
	subject := "Okres sprawozdawczy " + target.Label() + " zakończył się i czeka na zamknięcie"
	m := app.WaitMail(t, func(m *domain.MailMessage) bool {
		return m.Subject == subject && strings.Contains(m.Text, prog.Code)
	})
	if m.Recipients[0] != "agnieszka.malinowska@example.org" || m.Kind != domain.MailPeriodEnded ||
		!strings.Contains(m.Text, app.BrowserURL+paths.Periods(prog.ID)) {
		t.Fatalf("notice = %+v", m)
	}
	// Not twice: another look queues nothing, and the sink holds one.
	if n, err := app.Store.QueuePeriodEndedNotices(t.Context()); err != nil || n != 0 {
		t.Fatalf("second look queued %d, %v", n, err)
	}
	app.MailQueueIdle(t)
	msgs, _ := app.Store.SinkMessages(t.Context(), 1000)
	n := 0
	for _, x := range msgs {
		if x.Subject == subject && x.Recipients[0] == m.Recipients[0] && strings.Contains(x.Text, prog.Code) {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d notices of the period to the coordinator", n)
	}
}

func slicesContains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// The administrator gives an account its address on the account form: a
// bad or taken one is refused beside the field (422), the typed text kept.
func TestUserEmailOnAccountForm(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	admin := app.LoginAs("admin")
	u, _, err := app.Store.UserCredentials(t.Context(), "obserwator")
	if err != nil {
		t.Fatal(err)
	}
	page := paths.User(u.ID)
	if r := admin.Get(page); !strings.Contains(r.Body, "Adres e-mail") || !strings.Contains(r.Body, `value="marek.lis@example.org"`) {
		t.Fatalf("the form shows no address:\n%s", r.Body)
	}
	form := url.Values{"display_name": {u.DisplayName}, "role": {"viewer"}, "all_programmes": {"1"}}
	for _, tc := range []struct{ name, email, msg string }{
		{"ErrBadAddress", "marek.lis(at)example.org", "Podaj adres e-mail w postaci nazwa@domena.pl."},
		{"ErrTakenOtherCase", "Agnieszka.Malinowska@EXAMPLE.org", "Ten adres e-mail ma już inne konto."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := admin.Post(page, merge(form, "email", tc.email))
			if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, tc.msg) || !strings.Contains(r.Body, `value="`+tc.email+`"`) {
				t.Fatalf("status %d, want 422 with %q and the address kept\n%s", r.StatusCode, tc.msg, r.Body)
			}
		})
	}
	if r := admin.Post(page, merge(form, "email", " m.lis@urzad.example.pl ")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", r.StatusCode, r.Body)
	}
	if r := admin.Post(page, merge(form, "email", "")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("clear: %d", r.StatusCode)
	}
	got, _ := app.Store.User(t.Context(), u.ID)
	h, _ := app.Store.AuditFor(t.Context(), "user", store.FormatID(u.ID))
	if got.Email != "" || len(h) < 2 || !strings.Contains(string(h[1].After), "m.lis@urzad.example.pl") {
		t.Fatalf("address = %q, history %d", got.Email, len(h))
	}
}
