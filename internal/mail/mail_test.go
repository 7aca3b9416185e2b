package mail

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"kaizen/internal/domain"
)

func TestParseSMTP(t *testing.T) {
	for _, tc := range []struct {
		raw  string
		want SMTP
	}{
		{"smtp://jan%40urzad.pl:ha%3Ads%C5%82o@poczta.urzad.pl:587?starttls=1", SMTP{Host: "poczta.urzad.pl", Port: 587, Username: "jan@urzad.pl", Password: "ha:dsło", TLS: TLSStartRequired, Auth: "plain"}},
		{"smtp://relay.local:25?starttls=0", SMTP{Host: "relay.local", Port: 25, TLS: TLSNone, Auth: "plain"}},
		{"smtp://poczta.example.org", SMTP{Host: "poczta.example.org", Port: 587, TLS: TLSStartOptional, Auth: "plain"}},
		{"smtps://u:p@poczta.example.org?auth=LOGIN", SMTP{Host: "poczta.example.org", Port: 465, Username: "u", Password: "p", TLS: TLSImplicit, Auth: "login"}},
	} {
		got, err := ParseSMTP(tc.raw)
		if err != nil || got != tc.want {
			t.Errorf("ParseSMTP(%q) = %+v, %v; want %+v", tc.raw, got, err, tc.want)
		}
		if strings.Contains(got.String(), "ha:dsło") || strings.Contains(got.String(), "dsło") || strings.Contains(got.String(), ":p@") {
			t.Errorf("String() shows the password: %s", got)
		}
	}
	for _, raw := range []string{"http://poczta.example.org", "smtp://", "smtp://h:99999", "smtp://h?starttls=tak", "smtps://h?starttls=1", "smtp://h?auth=xoauth", "smtp://h?tls=1"} {
		if _, err := ParseSMTP(raw); err == nil {
			t.Errorf("ParseSMTP(%q) accepted", raw)
		}
	}
}

type memBox struct {
	mu   sync.Mutex
	msgs []*domain.MailMessage
	raw  [][]byte
}

func (b *memBox) SaveSinkMessage(_ context.Context, m *domain.MailMessage, raw []byte) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.msgs, b.raw = append(b.msgs, m), append(b.raw, raw)
	return nil
}

// A message rendered from a template goes over SMTP to the sink as
// multipart/alternative with RFC 2047 headers, and comes back whole.
func TestSendThroughSink(t *testing.T) {
	box := &memBox{}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	sink, err := StartSink("127.0.0.1:0", box, time.Now, log)
	if err != nil {
		t.Fatal(err)
	}
	defer sink.Close()
	tpl := NewTemplate("survey_invitation", `Zaproszenie do badania „{{.Name}}”`,
		"Dzień dobry,\n\nprosimy o wypełnienie ankiety: {{.Link}}", `<p>Prosimy o wypełnienie <a href="{{.Link}}">ankiety</a> {{.Name}}.</p>`)
	m, err := tpl.Render(Recipient{UserID: 7, Name: "Zażółć Gęślą", Email: "jazn@example.org"},
		map[string]string{"Name": "Satysfakcja <klientów> & jakość", "Link": "https://kaizen.example.org/a?b=1&c=2"},
		Footer{Text: "Stopka.", Link: "https://kaizen.example.org/account/notices"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.HTML, "Satysfakcja &lt;klientów&gt; &amp; jakość") || !strings.Contains(m.HTML, `href="https://kaizen.example.org/a?b=1&amp;c=2"`) {
		t.Fatalf("HTML not escaped: %s", m.HTML)
	}
	if err := NewSender(sink.SMTP(), "Kaizen <kaizen@example.org>").Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	if len(box.msgs) != 1 {
		t.Fatalf("sink holds %d messages", len(box.msgs))
	}
	got, raw := box.msgs[0], box.raw[0]
	if got.Subject != "Zaproszenie do badania „Satysfakcja <klientów> & jakość”" || got.Kind != "survey_invitation" ||
		got.Recipients[0] != "jazn@example.org" || got.From != "kaizen@example.org" || !strings.Contains(got.To, "Zażółć Gęślą") {
		t.Fatalf("received = %+v", got)
	}
	if got.Text != m.Text || got.HTML != m.HTML {
		t.Fatalf("bodies changed on the way:\n%q\n%q", got.Text, m.Text)
	}
	head := string(raw[:bytes.Index(raw, []byte("\r\n\r\n"))])
	if !strings.Contains(head, "multipart/alternative") || !strings.Contains(head, "=?UTF-8?") || strings.Contains(head, "Zażółć") {
		t.Fatalf("headers are not encoded words:\n%s", head)
	}
}

func TestMessageValidate(t *testing.T) {
	ok := Message{To: "a@example.org", Kind: domain.MailPeriodEnded, Subject: "Temat", Text: "t", HTML: "<p>t</p>"}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	for name, m := range map[string]Message{
		"ErrNoAddress":   {Kind: "k", Subject: "s", Text: "t", HTML: "h"},
		"ErrBadAddress":  {To: "a@b", Kind: "k", Subject: "s", Text: "t", HTML: "h"},
		"ErrNoKind":      {To: "a@example.org", Subject: "s", Text: "t", HTML: "h"},
		"ErrNewlineSubj": {To: "a@example.org", Kind: "k", Subject: "s\r\nBcc: x@example.org", Text: "t", HTML: "h"},
		"ErrNoHTML":      {To: "a@example.org", Kind: "k", Subject: "s", Text: "t"},
	} {
		if m.Validate() == nil {
			t.Errorf("%s accepted", name)
		}
	}
}
