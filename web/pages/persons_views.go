package pages

import (
	"strconv"

	"kaizen/internal/domain"
	"kaizen/web/components"
)

// UnitCount is how many participants (by sex) come from a unit.
type UnitCount struct {
	Unit       string
	Women, Men int
}

// PersonsPerPage is how many participants a page of the list names.
const PersonsPerPage = 100

// PersonsView is the participants page.
type PersonsView struct {
	Programme    *domain.Programme
	Persons      []domain.Person // one page of those the user may see by name
	Query        string          // search in names
	Offset       int
	Matching     int // how many the user may see match the search
	Counts       []*UnitCount
	Total        int
	CanSeeNames  bool
	OwnUnitsOnly bool
	CanRecord    bool
	// Participations are the units the list may be filtered by.
	Participations []domain.Participation
	List           components.List // search, filters, order, page and the CSV link
}

// PersonFormView is a participant's edit page with the merge form.
type PersonFormView struct {
	Programme          *domain.Programme
	Person             *domain.Person
	Participations     []domain.Participation
	Others             []domain.Person
	Sessions, Meetings int
	Form               components.Form
	Message            string
}

// Fields of a participant's form (PersonForm), and of merging a duplicate
// into another record (on the same page).
const (
	FieldPersonFirstName      = "first_name"
	FieldPersonLastName       = "last_name"
	FieldPersonUnit           = "unit"
	FieldPersonPosition       = "position"
	FieldPersonSex            = "sex"
	FieldPersonEmail          = "email"
	FieldPersonLegalBasis     = "legal_basis"
	FieldPersonBasisDate      = "basis_date"
	FieldPersonRetentionUntil = "retention_until"
	FieldPersonMergeInto      = "into"
)

// PersonValues are a person's values for the form.
func PersonValues(p *domain.Person) map[string][]string {
	return map[string][]string{FieldPersonFirstName: {p.FirstName}, FieldPersonLastName: {p.LastName}, FieldPersonUnit: {itoa(p.UnitID)},
		FieldPersonPosition: {p.Position}, FieldPersonSex: {string(p.Sex)}, FieldPersonEmail: {p.Email},
		FieldPersonLegalBasis: {string(p.LegalBasis)}, FieldPersonBasisDate: {date(p.BasisDate)},
		FieldPersonRetentionUntil: {date(p.RetentionUntil)}, FieldVersion: {strconv.Itoa(p.Version)}}
}

func mergeOptions(others []domain.Person, self int64) []components.Option {
	opts := []components.Option{{Value: "", Label: "— wybierz osobę —"}}
	for _, p := range others {
		if p.ID == self {
			continue
		}
		opts = append(opts, components.Option{Value: itoa(p.ID), Label: p.LastName + " " + p.FirstName + " (" + p.UnitName + ", " + p.Position + ")"})
	}
	return opts
}

func sexOptions(selected string) []components.Option {
	return []components.Option{{Value: "", Label: "— wybierz —"},
		{Value: "K", Label: "kobieta", Selected: selected == "K"}, {Value: "M", Label: "mężczyzna", Selected: selected == "M"}}
}

func basisOptions(selected string) []components.Option {
	opts := []components.Option{{Value: "", Label: "— wybierz podstawę —"}}
	for _, b := range domain.LegalBases {
		opts = append(opts, components.Option{Value: string(b), Label: b.Label(), Selected: string(b) == selected})
	}
	return opts
}
