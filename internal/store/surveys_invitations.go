package store

// Personal invitations to an anonymous survey: one single-use token per
// address, e-mailed in the transaction that stores the token's hash (never
// the token). An invitation records whether its token answered, never
// which response (survey_invitations has no link to responses).
//
// Reminders: since the token is not kept, a reminder cannot repeat the
// invitation's link. It issues a fresh token and replaces the stored hash
// in the same transaction, so the earlier link stops working (the public
// form calls it invalid) and the reminder says so. Each invitation is
// reminded at most once per domain.ReminderInterval.

import (
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"kaizen/internal/domain"
	"kaizen/internal/mail"
)

// invitationWave is what the messages of a wave's invitations tell, read
// with the wave locked against closing (CloseWave locks it for update).
func (s *Store) invitationWave(ctx context.Context, tx pgx.Tx, waveID int64) (key string, data mail.SurveyInvitation, err error) {
	var opens, closes time.Time
	var closed *time.Time
	err = tx.QueryRow(ctx, `SELECT w.public_key, w.opens_on, w.closes_on, w.closed_at, u.name, q.name
		FROM survey_waves w JOIN units u ON u.id = w.unit_id JOIN questionnaires q ON q.id = w.questionnaire_id
		WHERE w.id = $1 FOR SHARE OF w`, waveID).Scan(&key, &opens, &closes, &closed, &data.Unit, &data.Questionnaire)
	if err != nil {
		return "", data, mapError(err, waveNotFound)
	}
	if closed != nil {
		return "", data, ErrWaveClosed
	}
	data.Opens, data.Closes = opens.Format("02.01.2006"), closes.Format("02.01.2006")
	return key, data, nil
}

// invitationLink is the public form of the wave with key, with token.
func (s *Store) invitationLink(key, token string) string {
	return strings.TrimRight(s.BaseURL, "/") + "/ankieta/" + url.PathEscape(key) + "?t=" + url.QueryEscape(token)
}

// newTokens makes n fresh tokens and their hashes.
func newTokens(n int) (tokens []string, hashes [][]byte, err error) {
	tokens, hashes = make([]string, n), make([][]byte, n)
	for i := range tokens {
		if tokens[i], err = randomKey(24); err != nil {
			return nil, nil, err
		}
		hashes[i] = TokenHash(tokens[i])
	}
	return tokens, hashes, nil
}

func invitationsEntity(waveID int64) string { return FormatID(waveID) + "/invitations" }

// CreateInvitations adds personal invitations to an open wave, one per
// address, queues each its e-mail with its link, and returns the tokens in
// the order of the (valid) addresses. Only a token's hash is stored. An
// invalid address, one given twice or one invited already refuses the
// whole list (a message at domain.FieldInvitationEmails naming them). The
// audit trail records how many, never the addresses.
func (s *Store) CreateInvitations(ctx context.Context, a domain.Actor, waveID int64, emails []string) (tokens []string, err error) {
	defer wrap(&err, "store.CreateInvitations(%d)", waveID)
	clean, err := domain.CheckInvitationEmails(emails)
	if err != nil {
		return nil, err
	}
	tokens, hashes, err := newTokens(len(clean))
	if err != nil {
		return nil, err
	}
	lower := make([]string, len(clean))
	for i, e := range clean {
		lower[i] = strings.ToLower(e)
	}
	err = s.InTx(ctx, func(tx pgx.Tx) error {
		key, data, err := s.invitationWave(ctx, tx, waveID)
		if err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT email FROM survey_invitations WHERE wave_id = $1 AND lower(email) = ANY($2) ORDER BY id`, waveID, lower)
		if err != nil {
			return err
		}
		invited, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return err
		}
		if len(invited) > 0 {
			return domain.InvitationListError("te adresy mają już zaproszenie do tego badania: " + domain.NameSome(invited))
		}
		if _, err := tx.Exec(ctx, `INSERT INTO survey_invitations (wave_id, email, token_hash, invited_at)
			SELECT $1, unnest($2::text[]), unnest($3::bytea[]), $4`, waveID, clean, hashes, s.Now()); err != nil {
			return mapError(err, waveNotFound, invitationViolation)
		}
		for i, e := range clean {
			data.Link = s.invitationLink(key, tokens[i])
			m, err := mail.SurveyInvitationMessage(e, data)
			if err != nil {
				return err
			}
			if err := mail.Enqueue(ctx, tx, m); err != nil {
				return err
			}
		}
		return audit(ctx, tx, a, domain.AuditCreate, "survey_invitations", invitationsEntity(waveID), nil,
			map[string]int{"invitations_sent": len(clean)})
	})
	if err != nil {
		return nil, err
	}
	return tokens, nil
}

func invitationViolation(e *pgconn.PgError) *domain.Error {
	switch e.ConstraintName {
	case "survey_invitations_email_key": // invited meanwhile by someone else
		return &domain.Error{Code: domain.EINVALID, Message: msgFixFields, Fields: map[string]string{
			domain.FieldInvitationEmails: "Nie wysłano żadnego zaproszenia – część adresów dostała właśnie zaproszenie do tego badania. Odśwież stronę i sprawdź listę."}}
	case "survey_waves_closed":
		return ErrWaveClosed
	}
	return nil
}

// RemindWave queues a reminder to each invitation of an open wave that has
// an address, has not answered and was not reminded within
// domain.ReminderInterval (by the store's clock). Each reminder carries a
// fresh token that replaces the stored hash: the earlier link stops
// working. sent is how many were queued (0: no one to remind now).
func (s *Store) RemindWave(ctx context.Context, a domain.Actor, waveID int64) (sent int, err error) {
	defer wrap(&err, "store.RemindWave(%d)", waveID)
	now := s.Now()
	err = s.InTx(ctx, func(tx pgx.Tx) error {
		key, data, err := s.invitationWave(ctx, tx, waveID)
		if err != nil {
			return err
		}
		// FOR UPDATE: a reminder running at the same time waits, then
		// finds these rows reminded and skips them.
		rows, err := tx.Query(ctx, `SELECT id, email, reminders FROM survey_invitations
			WHERE wave_id = $1 AND NOT answered AND email IS NOT NULL AND (reminded_at IS NULL OR reminded_at <= $2)
			ORDER BY id FOR UPDATE`, waveID, now.Add(-domain.ReminderInterval))
		if err != nil {
			return err
		}
		type due struct {
			id        int64
			email     string
			reminders int
		}
		list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (due, error) {
			var d due
			err := r.Scan(&d.id, &d.email, &d.reminders)
			return d, err
		})
		if err != nil || len(list) == 0 {
			return err
		}
		tokens, hashes, err := newTokens(len(list))
		if err != nil {
			return err
		}
		ids := make([]int64, len(list))
		for i, d := range list {
			ids[i] = d.id
		}
		if _, err := tx.Exec(ctx, `UPDATE survey_invitations i SET token_hash = x.h, reminders = i.reminders + 1, reminded_at = $3
			FROM unnest($1::bigint[], $2::bytea[]) AS x(id, h) WHERE i.id = x.id`, ids, hashes, now); err != nil {
			return mapError(err, waveNotFound, invitationViolation)
		}
		for i, d := range list {
			data.Link = s.invitationLink(key, tokens[i])
			m, err := mail.SurveyReminderMessage(d.email, d.id, d.reminders+1, data)
			if err != nil {
				return err
			}
			if err := mail.Enqueue(ctx, tx, m); err != nil {
				return err
			}
		}
		sent = len(list)
		return audit(ctx, tx, a, domain.AuditUpdate, "survey_invitations", invitationsEntity(waveID), nil,
			map[string]int{"reminders_sent": sent})
	})
	if err != nil {
		return 0, err
	}
	return sent, nil
}

// InvitationCounts reads the numbers of a wave's invitations, reminders
// judged by the store's clock.
func (s *Store) InvitationCounts(ctx context.Context, waveID int64) (_ domain.InvitationCounts, err error) {
	defer wrap(&err, "store.InvitationCounts(%d)", waveID)
	var c domain.InvitationCounts
	var first *time.Time
	cutoff := s.Now().Add(-domain.ReminderInterval)
	err = s.Pool.QueryRow(ctx, `SELECT count(i.id), count(i.id) FILTER (WHERE i.answered), COALESCE(sum(i.reminders), 0), max(i.reminded_at),
		count(i.id) FILTER (WHERE NOT i.answered AND i.email IS NOT NULL AND (i.reminded_at IS NULL OR i.reminded_at <= $2)),
		count(i.id) FILTER (WHERE NOT i.answered AND i.email IS NOT NULL AND i.reminded_at > $2),
		min(i.reminded_at) FILTER (WHERE NOT i.answered AND i.email IS NOT NULL AND i.reminded_at > $2),
		w.closed_at IS NOT NULL
		FROM survey_waves w LEFT JOIN survey_invitations i ON i.wave_id = w.id WHERE w.id = $1 GROUP BY w.id`, waveID, cutoff).
		Scan(&c.Invited, &c.Answered, &c.Reminders, &c.LastReminder, &c.Due, &c.Waiting, &first, &c.Erased)
	if err != nil {
		return c, mapError(err, waveNotFound)
	}
	if first != nil {
		next := first.Add(domain.ReminderInterval)
		c.NextDue = &next
	}
	return c, nil
}

// eraseInvitationMail deletes from the e-mail queue the invitations and
// reminders of the wave with key (their links name it) that are not being
// sent right now: closing the wave erases the addresses, and the queue
// keeps sent messages for a day (failed ones for a week). Messages not yet
// sent are not sent: the wave takes no more answers.
func eraseInvitationMail(ctx context.Context, tx pgx.Tx, key string) (int64, error) {
	tag, err := tx.Exec(ctx, `DELETE FROM river_job WHERE kind = $1 AND state <> 'running'
		AND args->'message'->>'kind' IN ($2, $3) AND strpos(args->'message'->>'text', $4) > 0`,
		mail.SendArgs{}.Kind(), string(domain.MailSurveyInvitation), string(domain.MailSurveyReminder), "/ankieta/"+url.PathEscape(key)+"?t=")
	return tag.RowsAffected(), err
}
