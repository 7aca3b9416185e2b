package pages

import (
	"net/url"
	"strconv"

	"kaizen/internal/domain"
	"kaizen/web/components"
	"kaizen/web/paths"
)

// CAFBenchPerPage is how many units a page of the benchmarking lists.
const CAFBenchPerPage = 50

// CAFBenchmarkView is a programme's benchmarking.
type CAFBenchmarkView struct {
	Programme *domain.Programme
	Model     *domain.CAFModel
	B         *domain.CAFBenchmark
	Limited   bool // a unit-bound user: other units anonymised
	Rows      []CAFBenchRow
	Offset    int
	Total     int
	Kind      domain.UnitKind
	KindB     *domain.CAFKindBenchmark
	Choices   []CAFUnitChoice // units the user may choose
	Chosen    *domain.CAFUnitResult
	Positions []CAFPositionRow // total (0) and each criterion
	Learning  []CAFLearningRow
	Consents  []CAFConsentRow // the manager's units
}

// CAFBenchRow is a unit's row, named or anonymised.
type CAFBenchRow struct {
	Unit     *domain.CAFUnitResult
	Label    string
	Own      bool
	Position domain.PeerPosition // of the total
}

// CAFUnitChoice is a unit of the selector.
type CAFUnitChoice struct {
	ID   int64
	Name string
}

// CAFPositionRow is the chosen unit's value against the distribution.
type CAFPositionRow struct {
	Criterion int // 0: the total
	Value     float64
	Dist      domain.CAFDistribution
	Position  domain.PeerPosition
}

// CAFLearningRow is a criterion to learn in, with the consenting
// top-quartile units (Named) and how many others did not consent.
type CAFLearningRow struct {
	domain.CAFLearning
	Named  []CAFLearnFrom
	Hidden int
}

// CAFLearnFrom is a unit to learn from, with its accepted good practices.
type CAFLearnFrom struct {
	Unit      *domain.CAFUnitResult
	Label     string
	Practices []CAFPracticeLink
}

// CAFPracticeLink is a good practice of the register.
type CAFPracticeLink struct {
	ID    int64
	Title string
}

// CAFConsentRow is a manager's unit with its consent.
type CAFConsentRow struct {
	UnitID int64
	Name   string
	Named  bool
}

// CAFBenchmarkAllView is the view across programmes.
type CAFBenchmarkAllView struct {
	Model      *domain.CAFModel
	Programmes []domain.CAFProgrammeMedians
	All        domain.CAFDistributions
}

func cafNum(x float64) string { return domain.FormatOne(x) }

// cafCriterionName is "1. Przywództwo" (0: "Wynik ogólny").
func cafCriterionName(m *domain.CAFModel, no int) string {
	if no == 0 {
		return "Wynik ogólny"
	}
	if c, ok := m.Criterion(no); ok {
		return strconv.Itoa(no) + ". " + c.Name
	}
	return strconv.Itoa(no)
}

// cafDistRow is one row of a distribution table.
type cafDistRow struct {
	Name string
	D    domain.CAFDistribution
}

func cafDistRows(m *domain.CAFModel, d domain.CAFDistributions) []cafDistRow {
	rows := []cafDistRow{}
	for i, c := range d.Criteria {
		rows = append(rows, cafDistRow{Name: cafCriterionName(m, i+1), D: c})
	}
	return append(rows, cafDistRow{Name: cafCriterionName(m, 0), D: d.Total})
}

// cafBenchLink is the page's address with the unit, kind and offset.
func cafBenchLink(v CAFBenchmarkView, unit int64, kind domain.UnitKind, offset int) string {
	q := url.Values{}
	if unit != 0 {
		q.Set("jednostka", strconv.FormatInt(unit, 10))
	}
	if kind != "" {
		q.Set("rodzaj", string(kind))
	}
	if offset > 0 {
		q.Set(ParamOffset, strconv.Itoa(offset))
	}
	s := paths.CAFBenchmark(v.Programme.ID)
	if len(q) > 0 {
		s += "?" + q.Encode()
	}
	return s
}

func (v CAFBenchmarkView) chosenID() int64 {
	if v.Chosen == nil {
		return 0
	}
	return v.Chosen.UnitID
}

func cafKindOptions(v CAFBenchmarkView) []components.Option {
	opts := []components.Option{{Value: "", Label: "— wszystkie rodzaje —", Selected: v.Kind == ""}}
	for _, k := range v.B.Kinds {
		opts = append(opts, components.Option{Value: string(k.Kind), Label: k.Kind.Label() + " (" + strconv.Itoa(k.Total.N) + ")", Selected: k.Kind == v.Kind})
	}
	return opts
}

// cafUnitHint explains the unit chooser: unit-bound users choose among
// their own units; the others among the units of the list's page shown
// (each unit's name in the list leads to its position too).
func cafUnitHint(v CAFBenchmarkView) string {
	if v.Limited {
		return "Jej położenie na tle innych i od kogo może się uczyć."
	}
	return "Jej położenie na tle innych i od kogo może się uczyć. Lista obejmuje jednostki z bieżącej strony tabeli wyników poniżej (kolejne strony: pod tabelą)."
}

func cafUnitOptions(v CAFBenchmarkView) []components.Option {
	opts := []components.Option{{Value: "", Label: "— wybierz jednostkę —", Selected: v.Chosen == nil}}
	for _, c := range v.Choices {
		opts = append(opts, components.Option{Value: strconv.FormatInt(c.ID, 10), Label: c.Name, Selected: c.ID == v.chosenID()})
	}
	return opts
}

// cafTotalStrip is the chart of the chosen unit's total among all units.
func cafTotalStrip(v CAFBenchmarkView) components.Benchmark {
	return components.Benchmark{ID: "caf-total", Title: "Wynik ogólny jednostki na tle jednostek programu", UnitLabel: v.Chosen.UnitName,
		Value: v.Chosen.Total, Peers: v.B.Total.Quartiles(), Min: 0, Max: 100}
}
