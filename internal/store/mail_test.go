package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
	"kaizen/internal/mail"
	"kaizen/internal/store"
)

// queued are the e-mails waiting in the queue, oldest first.
func queued(t *testing.T, s *store.Store) []mail.Message {
	t.Helper()
	rows, err := s.Pool.Query(context.Background(), `SELECT args FROM river_job WHERE kind = 'mail_send' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := pgx.CollectRows(rows, pgx.RowTo[[]byte])
	if err != nil {
		t.Fatal(err)
	}
	var out []mail.Message
	for _, b := range raw {
		var a mail.SendArgs
		if err := json.Unmarshal(b, &a); err != nil {
			t.Fatal(err)
		}
		out = append(out, a.Message)
	}
	return out
}

func newMailUser(t *testing.T, s *store.Store, u *domain.User) *domain.User {
	t.Helper()
	u.Active = true
	if err := s.CreateUser(context.Background(), admin, u, testHash); err != nil {
		t.Fatal(err)
	}
	return u
}

// The notice of a submitted protocol is queued in the submission's own
// transaction, to the unit's managers with an address and notices on.
func TestMailProtocolNotices(t *testing.T) {
	t.Parallel()
	f := newProtocolFixture(t)
	ctx := context.Background()
	f.s.BaseURL = "https://kaizen.example.org"
	mgr := newMailUser(t, f.s, &domain.User{Username: "kier3", DisplayName: "Zofia Żółkiewska", Role: domain.RoleUnitManager,
		UnitIDs: []int64{f.unit.ID}, Email: "Zofia.Zolkiewska@Example.org"})
	off := newMailUser(t, f.s, &domain.User{Username: "kier4", DisplayName: "Jerzy Wyłączony", Role: domain.RoleUnitManager,
		UnitIDs: []int64{f.unit.ID}, Email: "jerzy@example.org"})
	newMailUser(t, f.s, &domain.User{Username: "kier5", DisplayName: "Inna Jednostka", Role: domain.RoleUnitManager,
		UnitIDs: []int64{f.other.ID}, Email: "inna@example.org"})
	coord := newMailUser(t, f.s, &domain.User{Username: "koord1", DisplayName: "Anna Przygotowująca", Role: domain.RoleCoordinator,
		Email: "anna@example.org"})
	if err := f.s.SetNotices(ctx, domain.Actor{UserID: off.ID, Username: off.Username}, false); err != nil {
		t.Fatal(err)
	}
	pr := &domain.Protocol{ProgrammeID: f.p.ID, TaskID: f.task, UnitID: f.unit.ID, Place: "Bielawa", Date: d("2011-06-30"),
		Contractor: "Wykonawca", Description: "Opisy procesów."}
	for _, up := range f.products {
		pr.Items = append(pr.Items, domain.ProtocolItem{UnitProductID: up.ID, DoneOn: d("2011-06-20")})
	}
	if err := f.s.SaveProtocol(ctx, domain.Actor{UserID: coord.ID, Username: coord.Username, Role: coord.Role}, pr, ""); err != nil {
		t.Fatal(err)
	}

	t.Run("RolledBackChangeQueuesNothing", func(t *testing.T) {
		m := mail.Message{To: "x@example.org", Kind: domain.MailProtocolSubmitted, Subject: "Próba", Text: "tekst", HTML: "<p>tekst</p>"}
		boom := errors.New("rollback")
		err := f.s.InTx(ctx, func(tx pgx.Tx) error {
			if err := mail.Enqueue(ctx, tx, m); err != nil {
				return err
			}
			if n := len(queuedIn(t, tx)); n != 1 {
				t.Fatalf("inside the transaction: %d jobs", n)
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		if q := queued(t, f.s); len(q) != 0 {
			t.Fatalf("after the rollback: %+v", q)
		}
		// A refused submission (stale version) queues nothing either.
		if err := f.s.SubmitProtocol(ctx, admin, f.p.ID, pr.ID, pr.Version+5); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("stale submission: %v", err)
		}
		if q := queued(t, f.s); len(q) != 0 {
			t.Fatalf("after a refused submission: %+v", q)
		}
	})

	if err := f.s.SubmitProtocol(ctx, admin, f.p.ID, pr.ID, pr.Version); err != nil {
		t.Fatal(err)
	}
	q := queued(t, f.s)
	if len(q) != 1 {
		t.Fatalf("queued after the submission: %+v", q)
	}
	m := q[0]
	if m.To != mgr.Email || m.UserID != mgr.ID || m.Kind != domain.MailProtocolSubmitted || m.ToName != "Zofia Żółkiewska" ||
		m.Subject != "Protokół odbioru nr "+pr.Number()+" czeka na Twoją decyzję" ||
		!strings.Contains(m.Text, "https://kaizen.example.org/programmes/"+itoa(f.p.ID)+"/protocols/"+itoa(pr.ID)) ||
		!strings.Contains(m.HTML, `href="https://kaizen.example.org/account/notices"`) || !strings.Contains(m.Text, f.unit.Name) {
		t.Fatalf("notice = %+v", m)
	}
	// Same transaction: the job row and the protocol's submitted state were
	// written by one transaction id.
	var same bool
	if err := f.s.Pool.QueryRow(ctx, `SELECT (SELECT xmin FROM protocols WHERE id = $1) = (SELECT xmin FROM river_job WHERE kind = 'mail_send')`,
		pr.ID).Scan(&same); err != nil || !same {
		t.Fatalf("job and submission in one transaction: %v, %v", same, err)
	}

	// The manager rejects: the person who prepared it is told, with the
	// reasons; an acceptance tells no one.
	sub := f.reload(t, pr.ID)
	if _, err := f.s.DecideProtocol(ctx, admin, f.manager, f.p.ID, pr.ID, sub.Version, domain.Decision{Status: domain.ProtocolRejected,
		Remarks: "Brak mierników <b>oceny</b>."}); err != nil {
		t.Fatal(err)
	}
	q = queued(t, f.s)
	if len(q) != 2 {
		t.Fatalf("queued after the rejection: %+v", q)
	}
	m = q[1]
	if m.To != "anna@example.org" || m.Kind != domain.MailProtocolRejected || !strings.Contains(m.Subject, "odrzucony") ||
		!strings.Contains(m.Text, "Uwagi: Brak mierników <b>oceny</b>.") || !strings.Contains(m.HTML, "Brak mierników &lt;b&gt;oceny&lt;/b&gt;.") {
		t.Fatalf("rejection notice = %+v", m)
	}

	// A rejection signed on paper tells the preparer once it is confirmed
	// (the new version is submitted first: its manager is told again).
	next, err := f.s.NewProtocolVersion(ctx, domain.Actor{UserID: coord.ID, Username: coord.Username, Role: coord.Role}, f.p.ID, pr.ID)
	if err != nil {
		t.Fatal(err)
	}
	paper, err := decideOnPaper(t, f.s, f.p.ID, next, domain.Decision{Status: domain.ProtocolRejected, Remarks: "Niekompletne.",
		SignerName: "Halina Testowa", SignerRole: "Burmistrz", SignedOn: d("2011-07-01")})
	if err != nil {
		t.Fatal(err)
	}
	q = queued(t, f.s)
	if len(q) != 4 || q[2].Kind != domain.MailProtocolSubmitted || q[3].Kind != domain.MailProtocolRejected || q[3].To != "anna@example.org" ||
		!strings.Contains(q[3].Subject, paper.Number()) {
		t.Fatalf("queued after the paper rejection: %+v", q)
	}
}

// queuedIn counts the e-mail jobs tx sees.
func queuedIn(t *testing.T, tx pgx.Tx) []int64 {
	t.Helper()
	rows, err := tx.Query(context.Background(), `SELECT id FROM river_job WHERE kind = 'mail_send'`)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// The notice of an ended period that is not closed goes to the
// programme's coordinators once, by the store's clock.
func TestMailPeriodEndedNotices(t *testing.T) {
	t.Parallel()
	f := newProtocolFixture(t)
	ctx := context.Background()
	s := f.s
	// 5 January 2011: 2010-Q4 ended 5 days ago; 2010-Q3 more than the
	// window ago.
	s.Now = func() time.Time { return time.Date(2011, 1, 5, 9, 0, 0, 0, time.UTC) }
	coord := newMailUser(t, s, &domain.User{Username: "koord1", DisplayName: "Anna Koordynująca", Role: domain.RoleCoordinator, Email: "anna@example.org"})
	noMail := newMailUser(t, s, &domain.User{Username: "koord2", DisplayName: "Bez Adresu", Role: domain.RoleCoordinator})
	expert := newMailUser(t, s, &domain.User{Username: "ekspert1", DisplayName: "Ewa Ekspert", Role: domain.RoleExpert, Email: "ewa@example.org"})
	newMailUser(t, s, &domain.User{Username: "koord3", DisplayName: "Obcy Program", Role: domain.RoleCoordinator, Email: "obcy@example.org"})
	for _, u := range []*domain.User{coord, noMail, expert} {
		if err := s.AddProgrammeMember(ctx, admin, f.p.ID, u.ID); err != nil {
			t.Fatal(err)
		}
	}
	n, err := s.QueuePeriodEndedNotices(ctx)
	if err != nil || n != 1 {
		t.Fatalf("queued %d, %v", n, err)
	}
	q := queued(t, s)
	if len(q) != 1 || q[0].To != "anna@example.org" || q[0].Kind != domain.MailPeriodEnded ||
		q[0].Subject != "Okres sprawozdawczy 2010-Q4 (01.10.2010–31.12.2010) zakończył się i czeka na zamknięcie" {
		t.Fatalf("queued = %+v", q)
	}
	// Not twice: the next day's run finds it sent.
	if n, err := s.QueuePeriodEndedNotices(ctx); err != nil || n != 0 {
		t.Fatalf("second run queued %d, %v", n, err)
	}

	t.Run("ClosedPeriodNotAnnounced", func(t *testing.T) {
		// 2011-Q1 ends; it is closed before the first look.
		s.Now = func() time.Time { return time.Date(2011, 4, 2, 9, 0, 0, 0, time.UTC) }
		if _, err := s.ClosePeriod(ctx, admin, f.p, "2011-Q1", "WNP/1"); err != nil {
			t.Fatal(err)
		}
		if n, err := s.QueuePeriodEndedNotices(ctx); err != nil || n != 0 {
			t.Fatalf("closed period: queued %d, %v", n, err)
		}
	})
}

// An address is optional, checked, and unique whatever its letter case.
func TestUserEmail(t *testing.T) {
	t.Parallel()
	s := newProtocolFixture(t).s
	ctx := context.Background()
	newMailUser(t, s, &domain.User{Username: "anna", DisplayName: "Anna", Role: domain.RoleExpert, Email: "anna@example.org"})
	for name, email := range map[string]string{"ErrBadAddress": "anna(at)example.org", "ErrNoDomainDot": "anna@localhost", "ErrWithName": "Anna <a@example.org>"} {
		t.Run(name, func(t *testing.T) {
			u := &domain.User{Username: "x" + strings.ToLower(name), DisplayName: "X", Role: domain.RoleExpert, Email: email, Active: true}
			err := s.CreateUser(ctx, admin, u, testHash)
			if domain.ErrorCode(err) != domain.EINVALID || domain.FieldErrors(err)["email"] == "" {
				t.Fatalf("err = %v", err)
			}
		})
	}
	t.Run("ErrTakenOtherCase", func(t *testing.T) {
		u := &domain.User{Username: "anna2", DisplayName: "Anna", Role: domain.RoleExpert, Email: "ANNA@example.org", Active: true}
		err := s.CreateUser(ctx, admin, u, testHash)
		if domain.ErrorCode(err) != domain.ECONFLICT || domain.FieldErrors(err)["email"] == "" {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("NoAddress", func(t *testing.T) {
		u := newMailUser(t, s, &domain.User{Username: "bez", DisplayName: "Bez", Role: domain.RoleExpert})
		got, err := s.User(ctx, u.ID)
		if err != nil || got.Email != "" || !got.Notices {
			t.Fatalf("user = %+v, %v", got, err)
		}
	})
}
