package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kaizen/internal/domain"
	"kaizen/internal/store"
	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

// invitationWave is an employee survey wave of the demo leader's office,
// open from a week ago to two weeks ahead (by the tests' clock).
func invitationWave(t *testing.T, app *testapp.App) *domain.SurveyWave {
	t.Helper()
	ctx := t.Context()
	p := app.DemoProgramme(t)
	_, _, leader, _ := demoIDs(t, app)
	admin := domain.Actor{Username: "test"}
	q := &domain.Questionnaire{ProgrammeID: p.ID, Code: "ZAPR-TEST", Kind: domain.SurveyEmployee, Name: "Satysfakcja pracowników (próba)"}
	v := &domain.QuestionnaireVersion{IndexMethod: domain.IndexMean100, Items: []domain.SurveyItem{
		{Code: "P1", Section: "Praca", Kind: domain.ItemLikert, Text: "Czy poleciłbyś(-abyś) ten urząd jako miejsce pracy?", ScalePoints: 5, InIndex: true, Required: true}}}
	if err := app.Store.SaveQuestionnaire(ctx, admin, q, v); err != nil {
		t.Fatal(err)
	}
	today := testapp.Today()
	w := &domain.SurveyWave{ProgrammeID: p.ID, QuestionnaireID: q.ID, UnitID: leader, OpensOn: today.AddDate(0, 0, -7), ClosesOn: today.AddDate(0, 0, 14)}
	if err := app.Store.CreateWave(ctx, admin, w, p.Start, p.End); err != nil {
		t.Fatal(err)
	}
	if w.VersionID == 0 {
		t.Fatal("no version")
	}
	v, err := app.Store.QuestionnaireVersion(ctx, w.VersionID)
	if err != nil {
		t.Fatal(err)
	}
	w.Version = v.Version
	return w
}

// linkToken is the token of the survey link in an e-mail's text, checked
// to lead to the wave's public form on the application's address.
func linkToken(t *testing.T, app *testapp.App, w *domain.SurveyWave, m *domain.MailMessage) string {
	t.Helper()
	prefix := app.BrowserURL + "/ankieta/" + url.PathEscape(w.PublicKey) + "?t="
	for _, f := range strings.Fields(m.Text) {
		if strings.HasPrefix(f, prefix) {
			if !strings.Contains(m.HTML, `href="`+f+`"`) {
				t.Errorf("the HTML part has another link than %s", f)
			}
			return strings.TrimPrefix(f, prefix)
		}
	}
	t.Fatalf("no link %s… in %q", prefix, m.Text)
	return ""
}

// Invitations arrive through SMTP with a working personal link; a reminder
// goes only to who has not answered, with a fresh link that replaces the
// old one; the audit trail counts without addresses.
func TestSurveyInvitationsThroughSMTP(t *testing.T) {
	t.Parallel()
	app := testapp.New(t, testapp.Options{Mail: true})
	ctx := t.Context()
	w := invitationWave(t, app)
	coord := app.LoginAs("koordynator")
	page := paths.SurveyInvitations(w.ProgrammeID, w.ID)
	if r := coord.Get(page); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "Adresy e-mail zostaną usunięte") ||
		!strings.Contains(r.Body, "nigdy nie łączy odpowiedzi z osobą") || strings.Contains(r.Body, `data-testid="invitations-past"`) {
		t.Fatalf("page: %d\n%s", r.StatusCode, r.Body)
	}

	// A bad address refuses the whole list; what was typed stays.
	typed := "anna.kowalska@example.org\r\nnie-adres"
	r := coord.Post(page, url.Values{"emails": {typed}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "„nie-adres”") ||
		!strings.Contains(r.Body, ">anna.kowalska@example.org\r\nnie-adres</textarea>") || !strings.Contains(r.Body, `aria-invalid="true"`) {
		t.Fatalf("bad list: %d\n%s", r.StatusCode, r.Body)
	}
	if r := coord.Post(page, url.Values{"emails": {"anna.kowalska@example.org\r\n\r\njan.nowak@example.org\r\n"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("invite: %d\n%s", r.StatusCode, r.Body)
	}
	mailTo := func(kind domain.MailKind, to string) *domain.MailMessage {
		return app.WaitMail(t, func(m *domain.MailMessage) bool {
			return m.Kind == kind && len(m.Recipients) == 1 && m.Recipients[0] == to
		})
	}
	anna := mailTo(domain.MailSurveyInvitation, "anna.kowalska@example.org")
	if !strings.Contains(anna.Subject, "Satysfakcja pracowników (próba)") || !strings.Contains(anna.Text, "Urząd Miasta w Dzierżoniowie") ||
		!strings.Contains(anna.Text, "anonimowa") || !strings.Contains(anna.HTML, `lang="pl"`) {
		t.Fatalf("invitation = %+v", anna)
	}
	jan := mailTo(domain.MailSurveyInvitation, "jan.nowak@example.org")
	janOld := linkToken(t, app, w, jan)
	answer := func(token string) error {
		return app.Store.SubmitResponse(ctx, &domain.SurveyResponse{WaveID: w.ID, Channel: domain.ChannelOnline,
			Answers: []domain.SurveyAnswer{{ItemID: firstItem(t, app, w), Value: 4}}}, testapp.Today(), token)
	}
	if err := answer(linkToken(t, app, w, anna)); err != nil {
		t.Fatalf("the invitation's link: %v", err)
	}

	// The reminder: to Jan only, after a confirmation.
	confirm := coord.Get(paths.SurveyInvitationsRemind(w.ProgrammeID, w.ID))
	if confirm.StatusCode != http.StatusOK || !strings.Contains(confirm.Body, "dostaną przypomnienie: <strong>1</strong>") {
		t.Fatalf("confirmation: %d\n%s", confirm.StatusCode, confirm.Body)
	}
	if r := coord.Post(paths.SurveyInvitationsRemind(w.ProgrammeID, w.ID), nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("remind: %d\n%s", r.StatusCode, r.Body)
	}
	reminder := mailTo(domain.MailSurveyReminder, "jan.nowak@example.org")
	janNew := linkToken(t, app, w, reminder)
	if !strings.Contains(reminder.Text, "poprzedniej wiadomości już nie działa") || janNew == janOld {
		t.Fatalf("reminder = %+v", reminder)
	}
	// Again at once: no one is due, nothing more is sent.
	if r := coord.Post(paths.SurveyInvitationsRemind(w.ProgrammeID, w.ID), nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("remind again: %d", r.StatusCode)
	}
	app.MailQueueIdle(t)
	msgs, err := app.Store.SinkMessages(ctx, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var reminders []string
	for _, m := range msgs {
		if m.Kind == domain.MailSurveyReminder {
			reminders = append(reminders, m.Recipients...)
		}
	}
	if len(reminders) != 1 {
		t.Fatalf("reminders went to %v, want Jan once", reminders)
	}
	if err := answer(janOld); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("the replaced link answered: %v", err)
	}
	if err := answer(janNew); err != nil {
		t.Fatalf("the reminder's link: %v", err)
	}
	r = coord.Get(page)
	for _, want := range []string{`data-testid="invited">2<`, `data-testid="answered">2<`, `data-testid="rate">100,0%<`, `data-testid="reminders">1<`, `data-testid="remind-none"`} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	// The audit trail counts; it never holds the addresses.
	var entries, leaked int
	if err := app.Store.Pool.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE after::text LIKE '%@%' OR before::text LIKE '%@%')
		FROM audit_log WHERE entity = 'survey_invitations' AND entity_id = $1`, store.FormatID(w.ID)+"/invitations").Scan(&entries, &leaked); err != nil ||
		entries != 2 || leaked != 0 {
		t.Fatalf("audit entries %d, with addresses %d (%v)", entries, leaked, err)
	}
	// Nor do the entries of the messages sent (mail_sent).
	var sent int
	if err := app.Store.Pool.QueryRow(ctx, `SELECT count(*) FILTER (WHERE after::text LIKE '%kowalska@%' OR after::text LIKE '%nowak@%'),
		count(*) FILTER (WHERE after::text LIKE '%(próba)%') FROM audit_log WHERE action = $1`, domain.AuditMailSent).Scan(&leaked, &sent); err != nil ||
		leaked != 0 || sent != 3 {
		t.Fatalf("mail_sent entries: %d about surveys, %d with an invitee's address (%v)", sent, leaked, err)
	}
}

func firstItem(t *testing.T, app *testapp.App, w *domain.SurveyWave) int64 {
	t.Helper()
	v, err := app.Store.QuestionnaireVersion(t.Context(), w.VersionID)
	if err != nil || len(v.Items) == 0 {
		t.Fatalf("version: %v", err)
	}
	return v.Items[0].ID
}

// A closed wave's page says the addresses are gone and offers no form;
// sending to it is refused.
func TestSurveyInvitationsClosedWave(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	w := invitationWave(t, app)
	if _, err := app.Store.CreateInvitations(t.Context(), domain.Actor{Username: "test"}, w.ID, []string{"anna@example.org"}); err != nil {
		t.Fatal(err)
	}
	if err := app.Store.CloseWave(t.Context(), domain.Actor{Username: "test"}, w.ID); err != nil {
		t.Fatal(err)
	}
	c := app.LoginAs("admin")
	page := paths.SurveyInvitations(w.ProgrammeID, w.ID)
	if r := c.Get(page); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `data-testid="invitations-closed"`) || strings.Contains(r.Body, "<textarea") {
		t.Fatalf("closed page: %d\n%s", r.StatusCode, r.Body)
	}
	if r := c.Post(page, url.Values{"emails": {"ewa@example.org"}}); r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "zostało zakończone") {
		t.Errorf("invite to a closed wave: %d", r.StatusCode)
	}
	if r := c.Post(paths.SurveyInvitationsRemind(w.ProgrammeID, w.ID), nil); r.StatusCode != http.StatusConflict {
		t.Errorf("remind on a closed wave: %d", r.StatusCode)
	}
	// A wave past its closing date, not closed yet: the page warns.
	p := app.DemoProgramme(t)
	past := &domain.SurveyWave{ProgrammeID: p.ID, QuestionnaireID: w.QuestionnaireID, UnitID: w.UnitID, Round: 1,
		OpensOn: testapp.Today().AddDate(0, 0, -30), ClosesOn: testapp.Today().AddDate(0, 0, -10)}
	if err := app.Store.CreateWave(t.Context(), domain.Actor{Username: "test"}, past, p.Start, p.End); err != nil {
		t.Fatal(err)
	}
	if r := c.Get(paths.SurveyInvitations(p.ID, past.ID)); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `data-testid="invitations-past"`) {
		t.Errorf("past wave: %d", r.StatusCode)
	}
}
