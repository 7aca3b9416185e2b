package pages

import (
	"kaizen/internal/domain"
	"kaizen/web/components"
)

// ManyUnitsView is the part of a programme's units page that adds several
// units at once: the units that could join (a page of them, searched and
// filtered on the server), the ones ticked and the areas they all join in.
type ManyUnitsView struct {
	Filter     domain.UnitFilter
	Candidates []domain.Unit
	Total      int
	Form       components.Form // FieldManyUnits, FieldManyAreas and their messages
}

// CandidatesPerPage is how many units the list of candidates shows at once.
const CandidatesPerPage = 50

// Parameters of the candidates' search (GET, and hidden fields of the
// adding form so that it shows the same page again), apart from the other
// lists of the page.
const (
	ParamCandidateQuery       = "nowe_q"
	ParamCandidateVoivodeship = "nowe_woj"
	ParamCandidateKind        = "nowe_rodzaj"
	ParamCandidateOffset      = "nowe_od"
)

// Fields of the form that adds several units (ManyUnits).
const (
	FieldManyUnits     = "unit_ids"
	FieldManyAreas     = "many_areas"
	FieldManySelectAll = "select_all" // a button: show the page again, every unit shown ticked
	FieldManySelectNot = "select_none"
	FieldManyPage      = "nowe_strona" // a button: show another page of the candidates, the ticks kept
)

// ChosenElsewhere are the ticked units not on the page shown: the form
// keeps them as hidden fields, so that ticks survive paging.
func (v ManyUnitsView) ChosenElsewhere() []string {
	shown := map[string]bool{}
	for _, u := range v.Candidates {
		shown[itoa(u.ID)] = true
	}
	var out []string
	for _, id := range v.Form.Values[FieldManyUnits] {
		if !shown[id] {
			shown[id] = true
			out = append(out, id)
		}
	}
	return out
}
