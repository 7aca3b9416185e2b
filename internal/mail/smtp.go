package mail

import (
	"context"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// TLSMode is how the connection to the SMTP server is protected.
type TLSMode string

// TLS modes of KAIZEN_SMTP_URL.
const (
	TLSStartRequired TLSMode = "starttls"          // smtp:// with starttls=1: STARTTLS, refused without it
	TLSStartOptional TLSMode = "starttls-optional" // smtp:// without starttls: STARTTLS when the server offers it
	TLSNone          TLSMode = "none"              // smtp:// with starttls=0: plain (a relay on this computer)
	TLSImplicit      TLSMode = "tls"               // smtps://: TLS from the first byte (port 465)
)

// SMTP is where and how messages are sent (KAIZEN_SMTP_URL).
type SMTP struct {
	Host     string
	Port     int
	Username string
	Password string
	TLS      TLSMode
	// Auth is the SASL mechanism when a username is given: plain, login,
	// cram-md5 or scram-sha-256 (default plain).
	Auth string
}

// String is the URL without the password (for logs).
func (c SMTP) String() string {
	u := url.URL{Scheme: "smtp", Host: net.JoinHostPort(c.Host, strconv.Itoa(c.Port))}
	if c.TLS == TLSImplicit {
		u.Scheme = "smtps"
	}
	if c.Username != "" {
		u.User = url.User(c.Username)
	}
	return u.String() + " (" + string(c.TLS) + ")"
}

// ParseSMTP reads KAIZEN_SMTP_URL:
//
//	smtp://user:password@host:587?starttls=1   STARTTLS required (port 587 by default)
//	smtp://host:25?starttls=0                   no TLS (only a relay on this computer or network)
//	smtp://host                                 STARTTLS when the server offers it
//	smtps://user:password@host:465              TLS from the start (port 465 by default)
//
// auth=plain|login|cram-md5|scram-sha-256 picks the mechanism (plain by
// default); user name and password are URL-encoded.
func ParseSMTP(raw string) (SMTP, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return SMTP{}, fmt.Errorf("KAIZEN_SMTP_URL: %w", err)
	}
	c := SMTP{Host: u.Hostname(), TLS: TLSStartOptional, Port: 587, Auth: "plain"}
	switch u.Scheme {
	case "smtp":
	case "smtps":
		c.TLS, c.Port = TLSImplicit, 465
	default:
		return SMTP{}, fmt.Errorf("KAIZEN_SMTP_URL must start with smtp:// or smtps://, not %q", u.Scheme+"://")
	}
	if c.Host == "" {
		return SMTP{}, fmt.Errorf("KAIZEN_SMTP_URL names no host")
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return SMTP{}, fmt.Errorf("KAIZEN_SMTP_URL: bad port %q", p)
		}
		c.Port = n
	}
	if u.User != nil {
		c.Username = u.User.Username()
		c.Password, _ = u.User.Password()
	}
	q := u.Query()
	for k := range q {
		if k != "starttls" && k != "auth" {
			return SMTP{}, fmt.Errorf("KAIZEN_SMTP_URL: unknown parameter %q (starttls, auth)", k)
		}
	}
	if v := q.Get("starttls"); v != "" {
		if c.TLS == TLSImplicit {
			return SMTP{}, fmt.Errorf("KAIZEN_SMTP_URL: starttls is for smtp://, smtps:// uses TLS from the start")
		}
		on, err := strconv.ParseBool(v)
		if err != nil {
			return SMTP{}, fmt.Errorf("KAIZEN_SMTP_URL: starttls must be 1 or 0, not %q", v)
		}
		c.TLS = TLSNone
		if on {
			c.TLS = TLSStartRequired
		}
	}
	if v := q.Get("auth"); v != "" {
		c.Auth = strings.ToLower(v)
	}
	if _, ok := authTypes[c.Auth]; !ok {
		return SMTP{}, fmt.Errorf("KAIZEN_SMTP_URL: auth must be plain, login, cram-md5 or scram-sha-256, not %q", c.Auth)
	}
	return c, nil
}

var authTypes = map[string]gomail.SMTPAuthType{
	"plain": gomail.SMTPAuthPlain, "login": gomail.SMTPAuthLogin, "cram-md5": gomail.SMTPAuthCramMD5, "scram-sha-256": gomail.SMTPAuthSCRAMSHA256,
}

// ParseFrom checks KAIZEN_MAIL_FROM: an address, with a name or without
// ("Kaizen <kaizen@urzad.gov.pl>").
func ParseFrom(raw string) (string, error) {
	a, err := mail.ParseAddress(raw)
	if err != nil {
		return "", fmt.Errorf("KAIZEN_MAIL_FROM: %q is not an e-mail address: %w", raw, err)
	}
	return a.String(), nil
}

// Sender delivers messages to one SMTP server.
type Sender struct {
	cfg  SMTP
	from string
}

// NewSender returns a Sender through cfg, with from as the sender.
func NewSender(cfg SMTP, from string) *Sender { return &Sender{cfg: cfg, from: from} }

// Build makes the MIME message of m: multipart/alternative with a text and
// an HTML part in UTF-8 (quoted-printable), headers encoded as RFC 2047
// words where they hold Polish letters.
func (s *Sender) Build(m Message) (*gomail.Msg, error) {
	msg := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingQP))
	if err := msg.From(s.from); err != nil {
		return nil, fmt.Errorf("mail: sender %q: %w", s.from, err)
	}
	if err := msg.AddToFormat(m.ToName, m.To); err != nil {
		return nil, fmt.Errorf("mail: recipient %q: %w", m.To, err)
	}
	msg.Subject(m.Subject)
	msg.SetGenHeader(KindHeader, string(m.Kind))
	msg.SetMessageID()
	msg.SetDate()
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	return msg, nil
}

// KindHeader carries the message's kind (domain.MailKind).
const KindHeader gomail.Header = "X-Kaizen-Kind"

// Send delivers m, or returns why not (the job is then retried).
func (s *Sender) Send(ctx context.Context, m Message) error {
	msg, err := s.Build(m)
	if err != nil {
		return err
	}
	opts := []gomail.Option{gomail.WithPort(s.cfg.Port), gomail.WithTimeout(30 * time.Second), gomail.WithHELO(helo())}
	switch s.cfg.TLS {
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL())
	case TLSStartRequired:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case TLSStartOptional:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	}
	if s.cfg.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(authTypes[s.cfg.Auth]), gomail.WithUsername(s.cfg.Username), gomail.WithPassword(s.cfg.Password))
	}
	c, err := gomail.NewClient(s.cfg.Host, opts...)
	if err != nil {
		return fmt.Errorf("mail: SMTP client: %w", err)
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("mail: send %s to %s through %s: %w", m.Kind, m.To, s.cfg, err)
	}
	return nil
}

// helo is the name this computer greets the server with.
func helo() string {
	if h, err := os.Hostname(); err == nil && h != "" && !strings.ContainsAny(h, " \t") {
		return h
	}
	return "localhost"
}
