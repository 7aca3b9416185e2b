package mail

import (
	"strconv"

	"kaizen/internal/domain"
	"kaizen/web/paths"
)

// CAFNotice is what a notice about a CAF consensus tells.
type CAFNotice struct {
	Unit      string
	Cycle     string
	Programme string // the programme's code and title
	Remarks   string // the manager's remarks (a consensus sent back)
	Link      string
}

var cafSubmitted = NewTemplate(domain.MailCAFSubmitted,
	`Konsensus samooceny CAF jednostki {{.Unit}} czeka na Twój podpis`,
	`Dzień dobry,

zespół samooceny jednostki {{.Unit}} (cykl {{.Cycle}}, program {{.Programme}}) uzgodnił oceny wszystkich podkryteriów CAF i przekazał konsensus do podpisu.

Przeczytaj go i podpisz albo zwróć zespołowi z uwagami: {{.Link}}`,
	`<p>Dzień dobry,</p>
<p>zespół samooceny jednostki {{.Unit}} (cykl {{.Cycle}}, program {{.Programme}}) uzgodnił oceny wszystkich podkryteriów CAF i przekazał konsensus do podpisu.</p>
<p><a href="{{.Link}}">Przeczytaj konsensus i podpisz albo zwróć go z uwagami</a></p>`)

var cafReturned = NewTemplate(domain.MailCAFReturned,
	`Konsensus samooceny CAF jednostki {{.Unit}} wrócił do poprawy`,
	`Dzień dobry,

kierownik jednostki {{.Unit}} zwrócił konsensus samooceny CAF (cykl {{.Cycle}}, program {{.Programme}}) zespołowi, który prowadzisz.

Uwagi: {{.Remarks}}

Konsensus: {{.Link}}`,
	`<p>Dzień dobry,</p>
<p>kierownik jednostki {{.Unit}} zwrócił konsensus samooceny CAF (cykl {{.Cycle}}, program {{.Programme}}) zespołowi, który prowadzisz.</p>
<p>Uwagi: {{.Remarks}}</p>
<p><a href="{{.Link}}">Otwórz konsensus</a></p>`)

// CAFSubmittedNotice is the notice to the unit's manager that assessment
// a's consensus waits for her signature; programme names the programme.
func CAFSubmittedNotice(base string, r Recipient, a *domain.CAFAssessment, programme string) (Message, error) {
	return cafSubmitted.Render(r, CAFNotice{Unit: a.UnitName, Cycle: strconv.Itoa(a.Cycle), Programme: programme,
		Link: link(base, paths.CAFSign(a.ProgrammeID, a.ID))}, footer(base))
}

// CAFReturnedNotice is the notice to the group's leader that the manager
// sent assessment a's consensus back with remarks.
func CAFReturnedNotice(base string, r Recipient, a *domain.CAFAssessment, programme, remarks string) (Message, error) {
	return cafReturned.Render(r, CAFNotice{Unit: a.UnitName, Cycle: strconv.Itoa(a.Cycle), Programme: programme, Remarks: remarks,
		Link: link(base, paths.CAFConsensus(a.ProgrammeID, a.ID))}, footer(base))
}
