package pages

// CAF self-assessment (issue 17): the hub, an assessment's page and the
// form of its group (caf_cycle.templ).

import (
	"context"
	"strconv"
	"time"

	"kaizen/internal/domain"
	"kaizen/internal/webctx"
	"kaizen/web/components"
)

// canSeeCAFHub: the programme's CAF hub (every role; unit-bound users see
// their own units).
func canSeeCAFHub(ctx context.Context) bool { return webctx.User(ctx).Can(domain.PermCAFResults) }

// CAFHubView is a programme's CAF hub: per unit its assessments.
type CAFHubView struct {
	Programme *domain.Programme
	Units     []CAFHubUnit
	CanRun    bool // "Nowa samoocena" (PermRunCAF)
}

// CAFHubUnit is one unit's assessments, by cycle.
type CAFHubUnit struct {
	Name string
	Rows []CAFHubRow
}

// CAFHubRow is one assessment as the hub shows it.
type CAFHubRow struct {
	A     *domain.CAFAssessment
	Link  bool   // the user may open it
	Total string // the agreed total once signed ("" before)
}

// CAFSubmitted is the members' progress: "2 z 3 przekazało ocenę".
func CAFSubmitted(a *domain.CAFAssessment) string {
	n := 0
	for _, m := range a.Members {
		if m.SubmittedAt != nil {
			n++
		}
	}
	return strconv.Itoa(n) + " z " + strconv.Itoa(len(a.Members)) + " przekazało ocenę"
}

// cycName names an assessment: "Urząd Miasta X, cykl 2".
func cycName(a *domain.CAFAssessment) string {
	return a.UnitName + ", cykl " + strconv.Itoa(a.Cycle)
}

// CAFFormView is the form of a new assessment (two steps: the unit, then
// the group) or of a changed one.
type CAFFormView struct {
	Programme  *domain.Programme
	Assessment *domain.CAFAssessment // nil: a new one
	Units      []domain.Participation
	UnitID     int64  // the chosen unit (0: not yet)
	UnitName   string // its name
	Candidates []domain.CAFMember
	Form       components.Form
	Message    string // a conflict with someone else's change
}

// CAFValues are an assessment's values as its form shows them.
func CAFValues(a *domain.CAFAssessment) map[string][]string {
	v := map[string][]string{
		domain.FieldCAFUnit:     {itoa(a.UnitID)},
		domain.FieldCAFMethod:   {string(a.Method)},
		domain.FieldCAFStartsOn: {a.StartsOn.Format(time.DateOnly)},
		domain.FieldCAFEndsOn:   {a.EndsOn.Format(time.DateOnly)},
		FieldVersion:            {strconv.Itoa(a.Version)},
	}
	for _, m := range a.Members {
		v[domain.FieldCAFMembers] = append(v[domain.FieldCAFMembers], itoa(m.UserID))
		if m.Leader {
			v[domain.FieldCAFLeader] = []string{itoa(m.UserID)}
		}
	}
	return v
}

func cycMemberOptions(cands []domain.CAFMember, f components.Form) []components.Option {
	var opts []components.Option
	for _, c := range cands {
		opts = append(opts, components.Option{Value: itoa(c.UserID), Label: c.Name + " (" + c.Role.Label() + ")",
			Selected: f.Has(domain.FieldCAFMembers, itoa(c.UserID))})
	}
	return opts
}

// CAFAssessmentView is an assessment's page.
type CAFAssessmentView struct {
	Programme *domain.Programme
	A         *domain.CAFAssessment
	Rights    domain.CAFRights
	// OpenConsensus: the leader may end individual scoring now.
	OpenConsensus bool
	// ShowProgress: the members' progress numbers (facilitators, the leader).
	ShowProgress bool
	Subs         int // sub-criteria of the model
}

// cycSteps are the 10 steps of a CAF cycle in plain Polish.
var cycSteps = []string{
	"Kierownictwo decyduje o samoocenie i planuje ją (kto, kiedy, jakim sposobem oceniania).",
	"Pracownicy dowiadują się, po co jest samoocena i jak będzie przebiegać.",
	"Powstaje zespół samooceny z osób różnych komórek urzędu; jedna z nich jest liderem.",
	"Zespół uczy się modelu CAF: 9 kryteriów, 28 podkryteriów i skali punktów.",
	"Każdy członek zespołu ocenia sam (mocne strony, obszary do poprawy, dowody, punkty), potem zespół uzgadnia wspólną ocenę na spotkaniu konsensusu, a kierownik ją podpisuje.",
	"Powstaje raport z samooceny z uzgodnionymi punktami i wnioskami.",
	"Na podstawie obszarów do poprawy powstaje plan doskonalenia z priorytetami.",
	"Plan doskonalenia jest przedstawiany pracownikom.",
	"Urząd realizuje działania z planu i śledzi ich postęp.",
	"Po około dwóch latach urząd planuje kolejną samoocenę i porównuje wyniki z poprzednią.",
}
