package testapp

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"kaizen/internal/config"
	"kaizen/internal/domain"
	"kaizen/internal/mail"
	"kaizen/internal/store"
)

// startMail runs the e-mail queue's workers with a local SMTP sink, as
// demo mode does, until the test ends.
func startMail(t testing.TB, st *store.Store, log *slog.Logger) {
	t.Helper()
	sink, err := mail.StartSink("127.0.0.1:0", st, st.Now, log)
	if err != nil {
		t.Fatal(err)
	}
	w, err := mail.StartWorkers(context.Background(), mail.WorkersConfig{Pool: st.Pool, Send: mail.NewSender(sink.SMTP(), config.DemoMailFrom),
		Backend: st, Log: log, PollEvery: 100 * time.Millisecond})
	if err != nil {
		_ = sink.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = w.Stop(ctx)
		_ = sink.Close()
	})
}

// WaitMail waits (up to 20 seconds) for a message the sink received that
// match accepts, and returns it; the test fails without one.
func (a *App) WaitMail(t testing.TB, match func(*domain.MailMessage) bool) *domain.MailMessage {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		msgs, err := a.Store.SinkMessages(t.Context(), 1000)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			if match(m) {
				return m
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no matching e-mail arrived in the sink within 20 s (it holds %d)", len(msgs))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// MailQueueIdle waits (up to 20 seconds) until the e-mail queue holds no
// message waiting to be sent or being sent.
func (a *App) MailQueueIdle(t testing.TB) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var n int
		if err := a.Store.Pool.QueryRow(t.Context(), `SELECT count(*) FROM river_job WHERE kind = $1
			AND state IN ('available', 'running', 'retryable', 'scheduled', 'pending')`, mail.SendArgs{}.Kind()).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the e-mail queue still holds %d messages after 20 s", n)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
