package mail

// The workflow notices (powiadomienia): what each says. The store decides
// who gets them, inside the transaction of the change (store/notices.go).

import (
	"strings"

	"kaizen/internal/domain"
	"kaizen/web/paths"
)

// footer tells why the message came and where to switch notices off.
func footer(base string) Footer {
	return Footer{Text: "Wiadomość wysłał system Kaizen, bo masz włączone powiadomienia e-mail. Wyłączysz je na stronie:",
		Link: link(base, paths.AccountNotices())}
}

func link(base, path string) string { return strings.TrimRight(base, "/") + path }

// ProtocolNotice is what a protocol notice tells.
type ProtocolNotice struct {
	Number    string // "12/1"
	Programme string // the programme's code and title
	Unit      string
	Task      string // the task's code and name
	Remarks   string // the decision's remarks (a rejection's reasons)
	Link      string
}

var protocolSubmitted = NewTemplate(domain.MailProtocolSubmitted,
	`Protokół odbioru nr {{.Number}} czeka na Twoją decyzję`,
	`Dzień dobry,

protokół odbioru nr {{.Number}} jednostki {{.Unit}} (zadanie {{.Task}}, program {{.Programme}}) został przekazany do odbioru i czeka na Twoją decyzję.

Przeczytaj go i zdecyduj: {{.Link}}`,
	`<p>Dzień dobry,</p>
<p>protokół odbioru nr <strong>{{.Number}}</strong> jednostki {{.Unit}} (zadanie {{.Task}}, program {{.Programme}}) został przekazany do odbioru i czeka na Twoją decyzję.</p>
<p><a href="{{.Link}}">Przeczytaj protokół i zdecyduj</a></p>`)

var protocolRejected = NewTemplate(domain.MailProtocolRejected,
	`Protokół odbioru nr {{.Number}} został odrzucony`,
	`Dzień dobry,

protokół odbioru nr {{.Number}} jednostki {{.Unit}} (zadanie {{.Task}}, program {{.Programme}}), który przygotowałeś(-aś), został odrzucony.
{{if .Remarks}}
Uwagi: {{.Remarks}}
{{end}}
Protokół: {{.Link}}`,
	`<p>Dzień dobry,</p>
<p>protokół odbioru nr <strong>{{.Number}}</strong> jednostki {{.Unit}} (zadanie {{.Task}}, program {{.Programme}}), który przygotowałeś(-aś), został odrzucony.</p>
{{if .Remarks}}<p>Uwagi: {{.Remarks}}</p>{{end}}
<p><a href="{{.Link}}">Otwórz protokół</a></p>`)

// ProtocolSubmittedNotice is the notice to a unit manager that protocol p
// waits for their decision; programme names the programme.
func ProtocolSubmittedNotice(base string, r Recipient, p *domain.Protocol, programme string) (Message, error) {
	return protocolSubmitted.Render(r, protocolNotice(base, p, programme), footer(base))
}

// ProtocolRejectedNotice is the notice to the person who prepared protocol
// p that it was rejected.
func ProtocolRejectedNotice(base string, r Recipient, p *domain.Protocol, programme string) (Message, error) {
	return protocolRejected.Render(r, protocolNotice(base, p, programme), footer(base))
}

func protocolNotice(base string, p *domain.Protocol, programme string) ProtocolNotice {
	return ProtocolNotice{Number: p.Number(), Programme: programme, Unit: p.UnitName, Task: p.TaskCode + " " + p.TaskName,
		Remarks: p.Remarks, Link: link(base, paths.Protocol(p.ProgrammeID, p.ID))}
}

// PeriodNotice is what the notice of an ended period tells.
type PeriodNotice struct {
	Programme string
	Period    string // its label: code and dates
	Link      string
}

var periodEnded = NewTemplate(domain.MailPeriodEnded,
	`Okres sprawozdawczy {{.Period}} zakończył się i czeka na zamknięcie`,
	`Dzień dobry,

okres sprawozdawczy {{.Period}} programu {{.Programme}} zakończył się i nie jest jeszcze zamknięty.

Gdy złożysz wniosek o płatność, zamknij okres: {{.Link}}`,
	`<p>Dzień dobry,</p>
<p>okres sprawozdawczy <strong>{{.Period}}</strong> programu {{.Programme}} zakończył się i nie jest jeszcze zamknięty.</p>
<p>Gdy złożysz wniosek o płatność, <a href="{{.Link}}">zamknij okres</a>.</p>`)

// PeriodEndedNotice is the notice to a programme's coordinator that period
// ended and is not closed; programmeID and programme name the programme.
// It goes once per period and recipient (Message.Once).
func PeriodEndedNotice(base string, r Recipient, programmeID int64, programme string, period domain.Period) (Message, error) {
	m, err := periodEnded.Render(r, PeriodNotice{Programme: programme, Period: period.Label(), Link: link(base, paths.Periods(programmeID))}, footer(base))
	m.Once = PeriodEndedKey(programmeID, period.Code) + "/" + itoa(r.UserID)
	return m, err
}

// PeriodEndedKey names a programme's period among the notices sent once.
func PeriodEndedKey(programmeID int64, period string) string { return itoa(programmeID) + "/" + period }
