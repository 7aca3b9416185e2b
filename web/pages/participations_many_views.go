package pages

import (
	"net/url"

	"kaizen/internal/domain"
	"kaizen/web/components"
	"kaizen/web/paths"
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
)

// candidatesLink is the units page with the candidates' filter at offset.
func candidatesLink(programmeID int64, f domain.UnitFilter, offset int) string {
	q := url.Values{}
	for k, v := range map[string]string{ParamCandidateQuery: f.Search, ParamCandidateVoivodeship: f.Voivodeship, ParamCandidateKind: string(f.Kind)} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if offset > 0 {
		q.Set(ParamCandidateOffset, itoa(int64(offset)))
	}
	link := paths.Participations(programmeID)
	if len(q) > 0 {
		link += "?" + q.Encode()
	}
	return link + "#wiele"
}
