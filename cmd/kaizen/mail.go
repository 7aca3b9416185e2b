package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"kaizen/internal/config"
	"kaizen/internal/mail"
	"kaizen/internal/store"
)

// mailer is serve's e-mail: the queue's workers and, in demo mode without
// a mail server, the local SMTP sink they send to.
type mailer struct {
	workers *mail.Workers
	sink    *mail.Sink
	log     *slog.Logger
}

// startMail starts the workers that send queued e-mail through
// KAIZEN_SMTP_URL, or in demo mode without it through a local sink.
// Outside demo mode without a mail server nothing is sent: messages wait
// in the queue for a server that has one.
func startMail(ctx context.Context, cfg config.Config, st *store.Store, pool *pgxpool.Pool, log *slog.Logger) (*mailer, error) {
	m := &mailer{log: log}
	var sender *mail.Sender
	switch {
	case cfg.SMTP != nil:
		sender = mail.NewSender(*cfg.SMTP, cfg.MailFrom)
		log.Info("e-mail goes through", "smtp", cfg.SMTP.String(), "from", cfg.MailFrom)
	case cfg.Demo:
		sink, err := mail.StartSink("127.0.0.1:0", st, st.Now, log)
		if err != nil {
			return nil, err
		}
		m.sink = sink
		sender = mail.NewSender(sink.SMTP(), cfg.MailFrom)
		log.Info("demo mode: e-mail goes to the local sink, read it at /admin/mail", "sink", sink.Addr())
	default:
		log.Warn("KAIZEN_SMTP_URL is not set: e-mail notices wait in the queue and are not sent")
		return m, nil
	}
	w, err := mail.StartWorkers(ctx, mail.WorkersConfig{Pool: pool, Send: sender, Backend: st, Log: log})
	if err != nil {
		m.stop()
		return nil, err
	}
	m.workers = w
	return m, nil
}

// stop lets a message being sent finish (a few seconds at most) and stops.
func (m *mailer) stop() {
	if m.workers != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := m.workers.Stop(ctx); err != nil {
			m.log.Error("stopping the e-mail queue", "error", err)
		}
	}
	if m.sink != nil {
		_ = m.sink.Close()
	}
}
