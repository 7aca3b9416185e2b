package store_test

import (
	"bytes"
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"kaizen/internal/domain"
	"kaizen/internal/mail"
	"kaizen/internal/store"
	"kaizen/internal/testdb"
)

// tokenOf is the token of an invitation's link in a queued message.
func tokenOf(t *testing.T, m mail.Message) string {
	t.Helper()
	for _, f := range strings.Fields(m.Text) {
		if u, err := url.Parse(f); err == nil && u.Query().Get("t") != "" {
			return u.Query().Get("t")
		}
	}
	t.Fatalf("no link with a token in %q", m.Text)
	return ""
}

// invitationOpen is the public form's check of a token (as
// store.InvitationOpen): an unanswered invitation of the wave has its hash.
func invitationOpen(t *testing.T, s *store.Store, waveID int64, token string) bool {
	t.Helper()
	var open bool
	if err := s.Pool.QueryRow(context.Background(), `SELECT EXISTS (SELECT 1 FROM survey_invitations WHERE wave_id = $1 AND token_hash = $2 AND NOT answered)`,
		waveID, store.TokenHash(token)).Scan(&open); err != nil {
		t.Fatal(err)
	}
	return open
}

// TestSurveyInvitations: a list of addresses becomes invitations with only
// the tokens' hashes stored and one e-mail each queued in the same
// transaction; a bad, repeated or already invited address refuses the
// whole list, naming it; the audit trail has the count, never addresses.
func TestSurveyInvitations(t *testing.T) {
	t.Parallel()
	f := newSurveyFixture(t)
	ctx := context.Background()
	f.s.BaseURL = "https://kaizen.example.org"
	w := f.wave(t, 0)
	for _, tc := range []struct {
		list []string
		name string
	}{
		{[]string{"anna@example.org", "nie-adres"}, "„nie-adres”"},
		{[]string{"anna@example.org", " ANNA@example.org "}, "„ANNA@example.org”"},
		{[]string{"Jan Kowalski <jan@example.org>"}, "„Jan Kowalski <jan@example.org>”"},
		{[]string{"", "  "}, "co najmniej jeden"},
	} {
		_, err := f.s.CreateInvitations(ctx, admin, w.ID, tc.list)
		if msg := domain.FieldErrors(err)[domain.FieldInvitationEmails]; !strings.Contains(msg, tc.name) || domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("%q: %v (%q), want a message naming %s", tc.list, err, msg, tc.name)
		}
	}
	if n := len(queued(t, f.s)); n != 0 {
		t.Fatalf("a refused list queued %d messages", n)
	}
	tokens, err := f.s.CreateInvitations(ctx, admin, w.ID, []string{" anna@example.org", "jan.nowak@example.org", ""})
	if err != nil || len(tokens) != 2 || tokens[0] == tokens[1] || len(tokens[0]) < 30 {
		t.Fatalf("tokens %q, %v", tokens, err)
	}
	// Only hashes are stored: no column holds a token.
	rows, err := f.s.Pool.Query(ctx, `SELECT email, token_hash, answered, reminders FROM survey_invitations WHERE wave_id = $1 ORDER BY id`, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	i := 0
	for rows.Next() {
		var email string
		var hash []byte
		var answered bool
		var reminders int
		if err := rows.Scan(&email, &hash, &answered, &reminders); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(hash, store.TokenHash(tokens[i])) || bytes.Contains(hash, []byte(tokens[i])) || answered || reminders != 0 {
			t.Errorf("invitation %d: %s %x %v %d", i, email, hash, answered, reminders)
		}
		i++
	}
	if i != 2 {
		t.Fatalf("%d invitations stored", i)
	}
	var leaked int
	if err := f.s.Pool.QueryRow(ctx, `SELECT count(*) FROM survey_invitations i WHERE i::text LIKE '%' || $1 || '%' OR i::text LIKE '%' || $2 || '%'`,
		tokens[0], tokens[1]).Scan(&leaked); err != nil || leaked != 0 {
		t.Fatalf("tokens stored in clear: %d, %v", leaked, err)
	}
	// One message each, with the personal link.
	msgs := queued(t, f.s)
	if len(msgs) != 2 {
		t.Fatalf("%d messages queued", len(msgs))
	}
	link := "https://kaizen.example.org/ankieta/" + url.PathEscape(w.PublicKey) + "?t="
	for i, m := range msgs {
		if m.Kind != domain.MailSurveyInvitation || m.To != []string{"anna@example.org", "jan.nowak@example.org"}[i] ||
			!strings.Contains(m.Text, link+tokens[i]) || !strings.Contains(m.HTML, `href="`+link+tokens[i]+`"`) ||
			!strings.Contains(m.Text, "Satysfakcja klientów") || !strings.Contains(m.Text, "anonimowa") || m.UserID != 0 {
			t.Errorf("message %d = %+v", i, m)
		}
	}
	// Invited already (whatever the case): refused, naming the address.
	_, err = f.s.CreateInvitations(ctx, admin, w.ID, []string{"ewa@example.org", "Anna@Example.org"})
	if msg := domain.FieldErrors(err)[domain.FieldInvitationEmails]; !strings.Contains(msg, "„anna@example.org”") || !strings.Contains(msg, "mają już zaproszenie") {
		t.Errorf("invited twice: %v (%q)", err, msg)
	}
	var n int
	if err := f.s.Pool.QueryRow(ctx, `SELECT count(*) FROM survey_invitations WHERE wave_id = $1`, w.ID).Scan(&n); err != nil || n != 2 || len(queued(t, f.s)) != 2 {
		t.Fatalf("a refused list left %d invitations, %d messages (%v)", n, len(queued(t, f.s)), err)
	}
	// The audit trail: one entry with the count, no address.
	var after string
	if err := f.s.Pool.QueryRow(ctx, `SELECT after::text FROM audit_log WHERE entity = 'survey_invitations' AND entity_id = $1`,
		store.FormatID(w.ID)+"/invitations").Scan(&after); err != nil || !strings.Contains(after, `"invitations_sent": 2`) || strings.Contains(after, "@") {
		t.Fatalf("audit entry %s, %v", after, err)
	}
	// A token answers once; the counts follow.
	answer := &domain.SurveyResponse{WaveID: w.ID, Answers: []domain.SurveyAnswer{{ItemID: f.v.Items[0].ID, Value: 4}}}
	if err := f.s.SubmitResponse(ctx, answer, d("2010-10-02"), tokenOf(t, msgs[0])); err != nil {
		t.Fatal(err)
	}
	c, err := f.s.InvitationCounts(ctx, w.ID)
	if err != nil || c.Invited != 2 || c.Answered != 1 || c.Reminders != 0 || c.Due != 1 || c.LastReminder != nil || c.Erased {
		t.Fatalf("counts %+v, %v", c, err)
	}
}

// TestSurveyInvitationsRollback: a change that rolls back after queueing
// its messages sends none; a closed wave takes no invitations.
func TestSurveyInvitationsRollback(t *testing.T) {
	t.Parallel()
	f := newSurveyFixture(t)
	ctx := context.Background()
	w := f.wave(t, 0)
	// The audit entry, written after the messages are queued, fails (a
	// trigger the owner adds: the pool acts as kaizen_app).
	asOwner := func(sql string) {
		t.Helper()
		conn, err := f.s.Pool.Acquire(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Release()
		if _, err := conn.Exec(ctx, "RESET ROLE; "+sql+"; SET ROLE "+store.AppRole); err != nil {
			t.Fatal(err)
		}
	}
	asOwner(`CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN RAISE EXCEPTION 'refused'; END $$;
		CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW WHEN (NEW.entity = 'survey_invitations') EXECUTE FUNCTION refuse_audit()`)
	if _, err := f.s.CreateInvitations(ctx, admin, w.ID, []string{"anna@example.org"}); err == nil {
		t.Fatal("the refused audit entry did not fail the change")
	}
	var n int
	if err := f.s.Pool.QueryRow(ctx, `SELECT count(*) FROM survey_invitations`).Scan(&n); err != nil || n != 0 || len(queued(t, f.s)) != 0 {
		t.Fatalf("rolled back: %d invitations, %d messages (%v)", n, len(queued(t, f.s)), err)
	}
	asOwner(`DROP TRIGGER refuse_audit ON audit_log`)
	if err := f.s.CloseWave(ctx, admin, w.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.CreateInvitations(ctx, admin, w.ID, []string{"anna@example.org"}); !errors.Is(err, store.ErrWaveClosed) {
		t.Errorf("closed wave: %v", err)
	}
	if _, err := f.s.RemindWave(ctx, admin, w.ID); !errors.Is(err, store.ErrWaveClosed) {
		t.Errorf("reminder on a closed wave: %v", err)
	}
}

// TestSurveyReminders: a reminder goes to those who have not answered,
// with a fresh link that replaces the old one (the old token is refused),
// at most once per domain.ReminderInterval; closing erases the addresses.
func TestSurveyReminders(t *testing.T) {
	t.Parallel()
	f := newSurveyFixture(t)
	ctx := context.Background()
	clock := testdb.Now()
	f.s.Now = func() time.Time { return clock }
	w := f.wave(t, 0)
	tokens, err := f.s.CreateInvitations(ctx, admin, w.ID, []string{"anna@example.org", "jan@example.org", "ewa@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	answer := func(token string) error {
		return f.s.SubmitResponse(ctx, &domain.SurveyResponse{WaveID: w.ID, Answers: []domain.SurveyAnswer{{ItemID: f.v.Items[0].ID, Value: 5}}},
			d("2010-10-03"), token)
	}
	if err := answer(tokens[0]); err != nil {
		t.Fatal(err)
	}
	sent, err := f.s.RemindWave(ctx, admin, w.ID)
	if err != nil || sent != 2 {
		t.Fatalf("reminded %d, %v", sent, err)
	}
	msgs := queued(t, f.s)[3:]
	if len(msgs) != 2 || msgs[0].To != "jan@example.org" || msgs[1].To != "ewa@example.org" || msgs[0].Kind != domain.MailSurveyReminder ||
		!strings.Contains(msgs[0].Text, "poprzedniej wiadomości już nie działa") || msgs[0].Once == "" || msgs[0].Once == msgs[1].Once {
		t.Fatalf("reminders %+v", msgs)
	}
	fresh := tokenOf(t, msgs[0])
	if fresh == tokens[1] || invitationOpen(t, f.s, w.ID, tokens[1]) || !invitationOpen(t, f.s, w.ID, fresh) {
		t.Fatal("the reminder did not replace the token")
	}
	if err := answer(tokens[1]); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("the replaced token answered: %v", err)
	}
	if err := answer(fresh); err != nil {
		t.Fatal(err)
	}
	// Not again within the interval; after it, only the one still silent.
	first := clock
	clock = clock.Add(domain.ReminderInterval - time.Minute)
	if sent, err := f.s.RemindWave(ctx, admin, w.ID); err != nil || sent != 0 {
		t.Fatalf("reminded again within the interval: %d, %v", sent, err)
	}
	c, err := f.s.InvitationCounts(ctx, w.ID)
	if err != nil || c.Invited != 3 || c.Answered != 2 || c.Reminders != 2 || c.Due != 0 || c.Waiting != 1 ||
		c.NextDue == nil || c.NextDue.Sub(first.Add(domain.ReminderInterval)).Abs() > time.Millisecond || c.LastReminder == nil {
		t.Fatalf("counts %+v, %v", c, err)
	}
	clock = clock.Add(time.Minute)
	if sent, err := f.s.RemindWave(ctx, admin, w.ID); err != nil || sent != 1 || queued(t, f.s)[5].To != "ewa@example.org" {
		t.Fatalf("second reminder: %d, %v", sent, err)
	}
	var reminders, entries int
	if err := f.s.Pool.QueryRow(ctx, `SELECT (SELECT reminders FROM survey_invitations WHERE email = 'ewa@example.org'),
		(SELECT count(*) FROM audit_log WHERE entity = 'survey_invitations' AND action = 'update' AND after::text NOT LIKE '%@%')`).
		Scan(&reminders, &entries); err != nil || reminders != 2 || entries != 2 {
		t.Fatalf("reminders %d, audit entries %d (%v)", reminders, entries, err)
	}
	// Closing erases the addresses, with the queue's copies of the
	// messages (a message of another wave stays): nothing to remind, the
	// numbers stay.
	other := f.wave(t, 1)
	if _, err := f.s.CreateInvitations(ctx, admin, other.ID, []string{"anna@example.org"}); err != nil {
		t.Fatal(err)
	}
	if err := f.s.CloseWave(ctx, admin, w.ID); err != nil {
		t.Fatal(err)
	}
	if left := queued(t, f.s); len(left) != 1 || !strings.Contains(left[0].Text, other.PublicKey) {
		t.Fatalf("after closing the queue holds %d messages", len(left))
	}
	c, err = f.s.InvitationCounts(ctx, w.ID)
	if err != nil || c.Invited != 3 || c.Answered != 2 || c.Due != 0 || !c.Erased {
		t.Fatalf("counts after closing %+v, %v", c, err)
	}
}
