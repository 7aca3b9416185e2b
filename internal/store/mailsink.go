package store

// The local SMTP sink's mailbox (demo mode and tests; mail.StartSink).

import (
	"context"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
)

const mailNotFound = "Nie ma takiej wiadomości."

// SaveSinkMessage keeps a message the sink received.
func (s *Store) SaveSinkMessage(ctx context.Context, m *domain.MailMessage, raw []byte) (err error) {
	defer wrap(&err, "store.SaveSinkMessage()")
	recipients := m.Recipients
	if recipients == nil {
		recipients = []string{}
	}
	return s.Pool.QueryRow(ctx, `INSERT INTO mail_sink (received_at, mail_from, recipients, to_header, subject, kind, text_body, html_body, raw)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		m.ReceivedAt, m.From, recipients, m.To, m.Subject, string(m.Kind), m.Text, m.HTML, raw).Scan(&m.ID)
}

const mailColumns = `id, received_at, mail_from, recipients, to_header, subject, kind, text_body, html_body, octet_length(raw)`

func scanMail(r pgx.Row) (*domain.MailMessage, error) {
	var m domain.MailMessage
	err := r.Scan(&m.ID, &m.ReceivedAt, &m.From, &m.Recipients, &m.To, &m.Subject, &m.Kind, &m.Text, &m.HTML, &m.Size)
	return &m, err
}

// SinkMessages lists the newest limit messages the sink received, newest
// first.
func (s *Store) SinkMessages(ctx context.Context, limit int) (_ []*domain.MailMessage, err error) {
	defer wrap(&err, "store.SinkMessages()")
	rows, err := s.Pool.Query(ctx, `SELECT `+mailColumns+` FROM mail_sink ORDER BY received_at DESC, id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (*domain.MailMessage, error) { return scanMail(r) })
}

// SinkMessage returns one message the sink received.
func (s *Store) SinkMessage(ctx context.Context, id int64) (_ *domain.MailMessage, err error) {
	defer wrap(&err, "store.SinkMessage(%d)", id)
	m, err := scanMail(s.Pool.QueryRow(ctx, `SELECT `+mailColumns+` FROM mail_sink WHERE id = $1`, id))
	if err != nil {
		return nil, mapError(err, mailNotFound)
	}
	return m, nil
}
