package mail

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"

	"kaizen/internal/domain"
)

// Template renders one kind of message: its subject and text body with
// text/template, its HTML body with html/template (escaped) inside the
// common layout. Every message ends with the same footer, which tells
// the recipient where to switch notices off (Footer).
type Template struct {
	kind    domain.MailKind
	subject *texttemplate.Template
	text    *texttemplate.Template
	html    *htmltemplate.Template
}

// layout wraps every HTML body: a plain, readable document (no images, no
// scripts), with the footer.
const layout = `<!DOCTYPE html>
<html lang="pl">
<head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #1b1b1b; max-width: 40em;">
{{template "body" .Data}}
<hr>
<p style="font-size: 14px; color: #505050;">{{.Footer}}{{if .Link}} <a href="{{.Link}}">{{.Link}}</a>{{end}}</p>
</body>
</html>
`

// NewTemplate parses a kind's templates; it panics on a template that does
// not parse (templates are constants of the program).
func NewTemplate(kind domain.MailKind, subject, text, html string) *Template {
	h := htmltemplate.Must(htmltemplate.New("layout").Option("missingkey=error").Parse(layout))
	htmltemplate.Must(h.New("body").Parse(html))
	return &Template{
		kind:    kind,
		subject: texttemplate.Must(texttemplate.New("subject").Option("missingkey=error").Parse(subject)),
		text:    texttemplate.Must(texttemplate.New("text").Option("missingkey=error").Parse(text)),
		html:    h,
	}
}

// Recipient is who a message goes to.
type Recipient struct {
	UserID int64
	Name   string
	Email  string
}

// Footer is the closing line of every message (the link, Footer.Link,
// follows it): why the recipient gets it, and where to switch it off.
type Footer struct {
	Text string
	Link string
}

// Render makes the message of data for r.
func (t *Template) Render(r Recipient, data any, f Footer) (Message, error) {
	var subj, text, html bytes.Buffer
	if err := t.subject.Execute(&subj, data); err != nil {
		return Message{}, fmt.Errorf("mail: render %s subject: %w", t.kind, err)
	}
	if err := t.text.Execute(&text, data); err != nil {
		return Message{}, fmt.Errorf("mail: render %s text: %w", t.kind, err)
	}
	subject := strings.Join(strings.Fields(subj.String()), " ")
	if err := t.html.ExecuteTemplate(&html, "layout", map[string]any{"Subject": subject, "Data": data, "Footer": f.Text, "Link": f.Link}); err != nil {
		return Message{}, fmt.Errorf("mail: render %s HTML: %w", t.kind, err)
	}
	body := strings.TrimSpace(text.String()) + "\n\n-- \n" + f.Text
	if f.Link != "" {
		body += " " + f.Link
	}
	return Message{To: r.Email, ToName: r.Name, UserID: r.UserID, Kind: t.kind, Subject: subject, Text: body + "\n", HTML: html.String()}, nil
}
