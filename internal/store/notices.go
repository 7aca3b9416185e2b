package store

// E-mail notices (powiadomienia): who gets which, decided in the
// transaction of the change that causes it, and queued there (mail.Enqueue),
// so a change that rolls back sends nothing. The messages themselves are
// the mail package's.

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
	"kaizen/internal/mail"
)

// PeriodNoticeWindow is how long after its end a period that is not
// closed is still announced: a first start on an old programme does not
// announce every quarter since its beginning.
const PeriodNoticeWindow = 92 * 24 * time.Hour

// mailRecipients are the active users matching cond (SQL on users u, with
// args) who have an address and keep notices on.
func mailRecipients(ctx context.Context, q querier, cond string, args ...any) ([]mail.Recipient, error) {
	rows, err := q.Query(ctx, `SELECT u.id, u.display_name, u.email FROM users u
		WHERE u.active AND u.notices AND u.email IS NOT NULL AND (`+cond+`) ORDER BY u.id`, args...)
	if err != nil {
		return nil, err
	}
	all, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (mail.Recipient, error) {
		var m mail.Recipient
		err := r.Scan(&m.UserID, &m.Name, &m.Email)
		return m, err
	})
	// An address the database took but that could not be sent to (written
	// past the form) is skipped like no address: it must not stop the change.
	out := all[:0]
	for _, m := range all {
		if domain.ValidateEmail(m.Email) == "" {
			out = append(out, m)
		}
	}
	return out, err
}

// programmeName is a programme as a message names it: code and title.
func programmeName(ctx context.Context, q querier, id int64) (string, error) {
	var name string
	err := q.QueryRow(ctx, `SELECT code || ' – ' || title FROM programmes WHERE id = $1`, id).Scan(&name)
	return name, err
}

// notifyProtocol queues the notice of protocol p (submitted: to its unit's
// managers; rejected: to the person who prepared it).
func (s *Store) notifyProtocol(ctx context.Context, tx pgx.Tx, p *domain.Protocol, kind domain.MailKind) error {
	var to []mail.Recipient
	var err error
	notice := mail.ProtocolSubmittedNotice
	switch kind {
	case domain.MailProtocolSubmitted:
		to, err = mailRecipients(ctx, tx, `u.role = 'unit_manager' AND EXISTS (SELECT 1 FROM user_units uu WHERE uu.user_id = u.id AND uu.unit_id = $1)`, p.UnitID)
	case domain.MailProtocolRejected:
		notice = mail.ProtocolRejectedNotice
		to, err = mailRecipients(ctx, tx, `u.id = (SELECT created_by FROM protocols WHERE id = $1)`, p.ID)
	}
	if err != nil || len(to) == 0 {
		return err
	}
	programme, err := programmeName(ctx, tx, p.ProgrammeID)
	if err != nil {
		return err
	}
	for _, r := range to {
		m, err := notice(s.BaseURL, r, p, programme)
		if err != nil {
			return err
		}
		if err := mail.Enqueue(ctx, tx, m); err != nil {
			return err
		}
	}
	return nil
}

// notifyCAF queues the notice of assessment a's consensus: submitted, to
// the unit's managers; sent back (remarks), to the group's leader.
func (s *Store) notifyCAF(ctx context.Context, tx pgx.Tx, a *domain.CAFAssessment, kind domain.MailKind, remarks string) error {
	var to []mail.Recipient
	var err error
	if kind == domain.MailCAFSubmitted {
		to, err = mailRecipients(ctx, tx, `u.role = 'unit_manager' AND EXISTS (SELECT 1 FROM user_units uu WHERE uu.user_id = u.id AND uu.unit_id = $1)`, a.UnitID)
	} else {
		to, err = mailRecipients(ctx, tx, `u.id = (SELECT m.user_id FROM caf_members m WHERE m.assessment_id = $1 AND m.leader)`, a.ID)
	}
	if err != nil || len(to) == 0 {
		return err
	}
	programme, err := programmeName(ctx, tx, a.ProgrammeID)
	if err != nil {
		return err
	}
	for _, r := range to {
		var m mail.Message
		if kind == domain.MailCAFSubmitted {
			m, err = mail.CAFSubmittedNotice(s.BaseURL, r, a, programme)
		} else {
			m, err = mail.CAFReturnedNotice(s.BaseURL, r, a, programme, remarks)
		}
		if err != nil {
			return err
		}
		if err := mail.Enqueue(ctx, tx, m); err != nil {
			return err
		}
	}
	return nil
}

// QueuePeriodEndedNotices queues, for each reporting period of a current
// programme that ended (by the store's clock, within PeriodNoticeWindow)
// and is not closed, a notice to each of the programme's coordinators who
// has not had it: once per period and coordinator (mail_notices_once).
func (s *Store) QueuePeriodEndedNotices(ctx context.Context) (n int, err error) {
	defer wrap(&err, "store.QueuePeriodEndedNotices()")
	today := domain.TodayIn(s.Now())
	rows, err := s.Pool.Query(ctx, `SELECT id FROM programmes WHERE archived_at IS NULL AND start_date <= $1 ORDER BY id`, today)
	if err != nil {
		return 0, err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		err := s.InTx(ctx, func(tx pgx.Tx) error {
			k, err := s.queuePeriodNotices(ctx, tx, id, today)
			n += k
			return err
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

func (s *Store) queuePeriodNotices(ctx context.Context, tx pgx.Tx, programmeID int64, today time.Time) (int, error) {
	periods, err := programmePeriods(ctx, tx, programmeID)
	if err != nil {
		return 0, err
	}
	closed, err := countBy[string](ctx, tx, `SELECT period, 1 FROM period_closings WHERE programme_id = $1 AND reopened_at IS NULL`, programmeID)
	if err != nil {
		return 0, err
	}
	var name string
	n := 0
	for _, p := range periods {
		if !p.End.Before(today) || today.Sub(p.End) > PeriodNoticeWindow || closed[p.Code] > 0 {
			continue
		}
		to, err := mailRecipients(ctx, tx, `u.role = 'coordinator' AND EXISTS (SELECT 1 FROM programme_members pm WHERE pm.user_id = u.id AND pm.programme_id = $1)
			AND NOT EXISTS (SELECT 1 FROM mail_notices_once o WHERE o.kind = $2 AND o.key = $3 AND o.user_id = u.id)`,
			programmeID, string(domain.MailPeriodEnded), mail.PeriodEndedKey(programmeID, p.Code))
		if err != nil {
			return n, err
		}
		if len(to) > 0 && name == "" {
			if name, err = programmeName(ctx, tx, programmeID); err != nil {
				return n, err
			}
		}
		for _, r := range to {
			tag, err := tx.Exec(ctx, `INSERT INTO mail_notices_once (kind, key, user_id, queued_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
				string(domain.MailPeriodEnded), mail.PeriodEndedKey(programmeID, p.Code), r.UserID, s.Now().UTC())
			if err != nil {
				return n, err
			}
			if tag.RowsAffected() == 0 {
				continue // another instance queued it meanwhile
			}
			m, err := mail.PeriodEndedNotice(s.BaseURL, r, programmeID, name, p)
			if err != nil {
				return n, err
			}
			if err := mail.Enqueue(ctx, tx, m); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}

// RecordMailSent writes the audit entry of a message handed to the SMTP
// server: recipient (not for a survey's invitee), kind and subject, never
// the body; complete runs in
// the same transaction (the queue marks the job done).
func (s *Store) RecordMailSent(ctx context.Context, m mail.Message, complete func(pgx.Tx) error) (err error) {
	defer wrap(&err, "store.RecordMailSent()")
	return s.InTx(ctx, func(tx pgx.Tx) error {
		id := ""
		if m.UserID != 0 {
			id = FormatID(m.UserID)
		}
		to := m.To
		if m.Kind.Anonymous() { // a survey's invitee: the address is erased with the wave, never kept here
			to = "(adres osoby zaproszonej do ankiety – nie zapisujemy go)"
		}
		if err := audit(ctx, tx, domain.Actor{Username: "system", Address: "local"}, domain.AuditMailSent, "mail", id, nil,
			map[string]string{"recipient": to, "kind": m.Kind.Label(), "subject": m.Subject}); err != nil {
			return err
		}
		return complete(tx)
	})
}

// SetNotices switches the signed-in user's e-mail notices on or off.
func (s *Store) SetNotices(ctx context.Context, a domain.Actor, on bool) (err error) {
	defer wrap(&err, "store.SetNotices(%t)", on)
	return s.InTx(ctx, func(tx pgx.Tx) error {
		var before bool
		if err := tx.QueryRow(ctx, `SELECT notices FROM users WHERE id = $1 FOR UPDATE`, a.UserID).Scan(&before); err != nil {
			return mapError(err, userNotFound)
		}
		if before == on {
			return nil
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET notices = $2, updated_at = now() WHERE id = $1`, a.UserID, on); err != nil {
			return err
		}
		return audit(ctx, tx, a, domain.AuditUpdate, "user", FormatID(a.UserID), map[string]bool{"notices": before}, map[string]bool{"notices": on})
	})
}

// notifyDecision queues what a decision on p announces: a rejection, to
// the person who prepared the protocol.
func (s *Store) notifyDecision(ctx context.Context, tx pgx.Tx, p *domain.Protocol) error {
	if p.Status != domain.ProtocolRejected {
		return nil
	}
	return s.notifyProtocol(ctx, tx, p, domain.MailProtocolRejected)
}
