package domain

import (
	"net/mail"
	"regexp"
	"strings"
	"time"
)

// MailKind is what an e-mail is about: each workflow notice is one kind,
// and other parts of the application add their own (survey invitations).
type MailKind string

// The workflow notices (powiadomienia).
const (
	MailProtocolSubmitted MailKind = "protocol_submitted" // a protocol waits for the unit manager's decision
	MailProtocolRejected  MailKind = "protocol_rejected"  // a protocol was rejected: to the person who prepared it
	MailPeriodEnded       MailKind = "period_ended"       // a reporting period ended and is not closed: to the programme's coordinators
	MailCAFSubmitted      MailKind = "caf_submitted"      // a CAF consensus waits for the unit manager's signature
	MailCAFReturned       MailKind = "caf_returned"       // a CAF consensus was sent back with remarks: to the group's leader
)

// Survey e-mails: to the addresses of a wave's personal invitations (not
// users; no switch on the account page).
const (
	MailSurveyInvitation MailKind = "survey_invitation" // a personal invitation to an anonymous survey
	MailSurveyReminder   MailKind = "survey_reminder"   // a reminder with a fresh link, to those who have not answered
)

var mailKindLabels = map[MailKind]string{
	MailProtocolSubmitted: "protokół czeka na decyzję",
	MailProtocolRejected:  "protokół odrzucony",
	MailPeriodEnded:       "okres sprawozdawczy do zamknięcia",
	MailCAFSubmitted:      "konsensus samooceny CAF czeka na podpis",
	MailCAFReturned:       "konsensus samooceny CAF zwrócony do poprawy",
	MailSurveyInvitation:  "zaproszenie do ankiety",
	MailSurveyReminder:    "przypomnienie o ankiecie",
}

// Label is the kind's Polish name; the raw name if it has none.
func (k MailKind) Label() string {
	if l, ok := mailKindLabels[k]; ok {
		return l
	}
	return string(k)
}

// Anonymous reports whether the recipient's address must stay out of the
// audit trail: survey invitations and reminders go to people whose
// addresses are erased when the wave closes.
func (k MailKind) Anonymous() bool { return k == MailSurveyInvitation || k == MailSurveyReminder }

// MailKinds lists the workflow notices, in the order the account page
// names them.
var MailKinds = []MailKind{MailProtocolSubmitted, MailProtocolRejected, MailPeriodEnded, MailCAFSubmitted, MailCAFReturned}

// EmailMax is the longest address accepted (RFC 5321's path limit).
const EmailMax = 254

var emailDomainRE = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?\.[A-Za-z]{2,}$`)

// NormalizeEmail trims a typed address; the letter case is kept (the
// database keeps addresses unique whatever their case).
func NormalizeEmail(s string) string { return strings.TrimSpace(s) }

// ValidateEmail checks an optional e-mail address (empty is no address):
// one plain address (no display name) with a domain that has a dot. The
// database's users_email_check says the same.
func ValidateEmail(s string) string {
	if s == "" {
		return ""
	}
	if len(s) > EmailMax {
		return "Adres e-mail może mieć najwyżej 254 znaki."
	}
	a, err := mail.ParseAddress(s)
	at := strings.LastIndexByte(s, '@')
	if err != nil || a.Address != s || a.Name != "" || at < 1 || !emailDomainRE.MatchString(s[at+1:]) ||
		strings.ContainsAny(s[:at], " \t<>(),;:\"") {
		return "Podaj adres e-mail w postaci nazwa@domena.pl."
	}
	return ""
}

// MailMessage is an e-mail as the local SMTP sink received it (demo mode
// and tests): the administrator reads it at /admin/mail.
type MailMessage struct {
	ID         int64
	ReceivedAt time.Time
	From       string
	Recipients []string
	To         string // the To header, decoded
	Subject    string // decoded
	Kind       MailKind
	Text, HTML string
	Size       int
}
