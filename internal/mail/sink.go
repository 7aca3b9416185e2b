package mail

// The local SMTP sink (demo mode and tests): an SMTP server on this
// computer that accepts every message and keeps it, parsed, in the
// database (mail_sink), where /admin/mail shows it.

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-smtp"

	"kaizen/internal/domain"
)

// Mailbox keeps what the sink receives (the store).
type Mailbox interface {
	SaveSinkMessage(ctx context.Context, m *domain.MailMessage, raw []byte) error
}

// Sink is a running local SMTP server.
type Sink struct {
	srv  *smtp.Server
	ln   net.Listener
	done chan struct{}
}

// sinkMaxBytes is the largest message the sink accepts.
const sinkMaxBytes = 10 << 20

// StartSink starts the sink on addr (127.0.0.1:0: a free port on the
// loopback interface), keeping messages in box with now's time.
func StartSink(addr string, box Mailbox, now func() time.Time, log *slog.Logger) (*Sink, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("mail: start the SMTP sink: %w", err)
	}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &sinkSession{box: box, now: now, log: log}, nil
	}))
	srv.Domain = "localhost"
	srv.MaxMessageBytes = sinkMaxBytes
	srv.MaxRecipients = 50
	srv.ReadTimeout, srv.WriteTimeout = time.Minute, time.Minute
	s := &Sink{srv: srv, ln: ln, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		if err := srv.Serve(ln); err != nil && !errors.Is(err, smtp.ErrServerClosed) {
			log.Error("SMTP sink stopped", "error", err)
		}
	}()
	return s, nil
}

// SMTP is how a Sender reaches the sink: plain SMTP on the loopback
// interface, no authentication.
func (s *Sink) SMTP() SMTP {
	a := s.ln.Addr().(*net.TCPAddr)
	return SMTP{Host: a.IP.String(), Port: a.Port, TLS: TLSNone, Auth: "plain"}
}

// Addr is the sink's address (host:port).
func (s *Sink) Addr() string { return s.ln.Addr().String() }

// Close stops the sink.
func (s *Sink) Close() error {
	err := s.srv.Close()
	<-s.done
	return err
}

type sinkSession struct {
	box  Mailbox
	now  func() time.Time
	log  *slog.Logger
	from string
	to   []string
}

func (s *sinkSession) Reset()        { s.from, s.to = "", nil }
func (s *sinkSession) Logout() error { return nil }

func (s *sinkSession) Mail(from string, _ *smtp.MailOptions) error {
	s.from = from
	return nil
}

func (s *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

func (s *sinkSession) Data(r io.Reader) error {
	raw, err := io.ReadAll(io.LimitReader(r, sinkMaxBytes+1))
	if err != nil {
		return err
	}
	m, err := ParseMessage(raw)
	if err != nil {
		s.log.Warn("SMTP sink: unreadable message", "error", err)
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: "unreadable message"}
	}
	m.From, m.Recipients, m.ReceivedAt = s.from, append([]string(nil), s.to...), s.now().UTC()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.box.SaveSinkMessage(ctx, m, raw); err != nil {
		s.log.Error("SMTP sink: keep message", "error", err)
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "cannot keep the message now"}
	}
	return nil
}

var wordDecoder = &mime.WordDecoder{}

// ParseMessage reads an RFC 5322 message as the sink keeps it: decoded
// To and Subject, the kind header, the text and HTML parts in UTF-8.
func ParseMessage(raw []byte) (*domain.MailMessage, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	out := &domain.MailMessage{Kind: domain.MailKind(msg.Header.Get(string(KindHeader))), Size: len(raw)}
	if out.Subject, err = wordDecoder.DecodeHeader(msg.Header.Get("Subject")); err != nil {
		return nil, fmt.Errorf("subject: %w", err)
	}
	if out.To, err = wordDecoder.DecodeHeader(msg.Header.Get("To")); err != nil {
		return nil, fmt.Errorf("to: %w", err)
	}
	err = walkParts(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body, out, 0)
	return out, err
}

// walkParts fills out's bodies from a part and, for a multipart one, its
// parts (at most a few levels deep).
func walkParts(contentType, encoding string, body io.Reader, out *domain.MailMessage, depth int) error {
	if contentType == "" {
		contentType = "text/plain; charset=us-ascii"
	}
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return fmt.Errorf("content type %q: %w", contentType, err)
	}
	if strings.HasPrefix(mt, "multipart/") {
		if depth > 4 {
			return errors.New("multipart nested too deep")
		}
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if errors.Is(err, io.EOF) {
				return nil
			} else if err != nil {
				return err
			}
			if err := walkParts(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p, out, depth+1); err != nil {
				return err
			}
		}
	}
	if mt != "text/plain" && mt != "text/html" {
		return nil // attachments are not shown
	}
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body) // skips line breaks
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	if cs := strings.ToLower(params["charset"]); cs != "" && cs != "utf-8" && cs != "us-ascii" {
		return fmt.Errorf("charset %s not read by the sink", strconv.Quote(cs))
	}
	part := strings.ReplaceAll(string(b), "\r\n", "\n") // lines travel as CRLF
	if mt == "text/html" {
		out.HTML += part
	} else {
		out.Text += part
	}
	return nil
}
