package pages

import (
	"net/url"
	"slices"

	"kaizen/internal/domain"
	"kaizen/web/components"
)

// PersonSearch is the people search of a list that people are put on (a
// session's participants, a meeting's attendees) and what it found: a
// programme has tens of thousands of people, so a list offers only the
// few a search found.
type PersonSearch struct {
	Name, Unit string // as typed
	Searched   bool   // something was typed
	Found      []domain.Person
	More       bool // more people match than are shown
}

// PersonSearchLimit is how many people a search shows.
const PersonSearchLimit = 20

// Fields of the people search: on a GET form (the session page) and inside
// a posted form (the meeting form, whose search button does not save).
const (
	FieldPersonSearchName   = "osoba"
	FieldPersonSearchUnit   = "jednostka"
	FieldPersonSearchSubmit = "szukaj"
)

// Query is the search as an address's query ("" when nothing was typed).
func (s PersonSearch) Query() string {
	v := url.Values{}
	if s.Name != "" {
		v.Set(FieldPersonSearchName, s.Name)
	}
	if s.Unit != "" {
		v.Set(FieldPersonSearchUnit, s.Unit)
	}
	return v.Encode()
}

// UnitChoice is the units a new person may be put in: a session's, or
// those a search of their names found (More: narrow it).
type UnitChoice struct {
	Units []domain.Unit
	More  bool
}

func (c UnitChoice) options(selected string) []components.Option {
	opts := []components.Option{{Value: "", Label: "— wybierz jednostkę —"}}
	for _, u := range c.Units {
		opts = append(opts, components.Option{Value: itoa(u.ID), Label: u.Name, Selected: itoa(u.ID) == selected})
	}
	return opts
}

// Has reports whether the choice offers unit id.
func (c UnitChoice) Has(id int64) bool {
	return slices.ContainsFunc(c.Units, func(u domain.Unit) bool { return u.ID == id })
}

// personLabel is a found person as lists name them.
func personLabel(p domain.Person) string {
	return p.LastName + " " + p.FirstName + " (" + p.UnitName + ")"
}

// newPersonUnitHint says where the new person's units come from when the
// list does not hold every unit of the programme.
func newPersonUnitHint(v TrainingSessionView) string {
	if len(v.Session.UnitIDs) > 0 || !v.Units.More {
		return ""
	}
	return "Lista pokazuje pierwsze jednostki programu: wpisz część nazwy jednostki w polu „Jednostka (część nazwy)” wyszukiwarki powyżej, aby ją zawęzić."
}
