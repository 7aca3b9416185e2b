// Package mail sends Kaizen's e-mail: messages are queued in PostgreSQL
// (River) in the same transaction as the change that causes them, and
// workers deliver them over SMTP, retrying with backoff. It also renders
// message bodies from templates (plain text and HTML), builds the
// workflow notices, and runs the local SMTP sink of demo mode and tests.
//
// Another part of the application sends e-mail in three steps: define a
// Template (NewTemplate), render it into a Message for each recipient,
// and Enqueue the message with the transaction of its change (inside
// store.InTx). Nothing is sent when that transaction rolls back.
package mail

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"kaizen/internal/domain"
)

// Message is one e-mail to one recipient. Subject, Text and HTML are in
// Polish; Text and HTML say the same (multipart/alternative).
type Message struct {
	To     string          `json:"to"`                // the address
	ToName string          `json:"to_name,omitempty"` // the recipient's name, for the To header
	UserID int64           `json:"user_id,omitempty"` // the recipient's account, when it is a user
	Kind   domain.MailKind `json:"kind"`
	// Subject, Text and HTML are the message; HTML is a whole document.
	Subject string `json:"subject"`
	Text    string `json:"text"`
	HTML    string `json:"html"`
	// Once makes the message unique: a second message with the same Once
	// is not queued while the first is queued, being sent, or sent and
	// still kept by the queue. Empty: no such check.
	Once string `json:"once,omitempty"`
}

// Validate refuses a message that could not be sent.
func (m Message) Validate() error {
	switch {
	case domain.ValidateEmail(m.To) != "" || m.To == "":
		return fmt.Errorf("mail: recipient %q is not an e-mail address", m.To)
	case m.Kind == "":
		return errors.New("mail: message without a kind")
	case strings.TrimSpace(m.Subject) == "" || strings.ContainsAny(m.Subject, "\r\n"):
		return fmt.Errorf("mail: bad subject %q", m.Subject)
	case strings.TrimSpace(m.Text) == "" || strings.TrimSpace(m.HTML) == "":
		return errors.New("mail: a message needs both a text and an HTML body")
	}
	return nil
}

// Queue is the River queue of e-mail jobs.
const Queue = "mail"

// MaxAttempts is how often a message is tried before it is given up
// (River's backoff: the 10th try comes about 3 hours after the first).
const MaxAttempts = 10

// SendArgs is the job that sends one message.
type SendArgs struct {
	Message Message `json:"message"`
	// OnceKey is Message.Once, the only field River's uniqueness compares.
	OnceKey string `json:"once_key,omitempty" river:"unique"`
}

// Kind is the job's kind in river_job.
func (SendArgs) Kind() string { return "mail_send" }

// InsertOpts puts the job in the mail queue.
func (SendArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: Queue, MaxAttempts: MaxAttempts}
}

var (
	inserterOnce sync.Once
	inserter     *river.Client[pgx.Tx]
	inserterErr  error
)

// insertClient is an insert-only River client: it works no jobs and holds
// no connection; InsertTx uses the transaction it is given.
func insertClient() (*river.Client[pgx.Tx], error) {
	inserterOnce.Do(func() {
		inserter, inserterErr = river.NewClient[pgx.Tx](riverpgxv5.New(nil), &river.Config{})
	})
	return inserter, inserterErr
}

// Enqueue queues m in tx: it is sent once tx commits, never if it rolls
// back. Call it from a store write (inside store.InTx) with that
// transaction.
func Enqueue(ctx context.Context, tx pgx.Tx, m Message) error {
	if err := m.Validate(); err != nil {
		return err
	}
	c, err := insertClient()
	if err != nil {
		return fmt.Errorf("mail: queue client: %w", err)
	}
	opts := &river.InsertOpts{}
	if m.Once != "" {
		opts.UniqueOpts = river.UniqueOpts{ByArgs: true}
	}
	if _, err := c.InsertTx(ctx, tx, SendArgs{Message: m, OnceKey: m.Once}, opts); err != nil {
		return fmt.Errorf("mail: queue %s to %s: %w", m.Kind, m.To, err)
	}
	return nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
