package pages

import (
	"kaizen/internal/domain"
	"kaizen/internal/unitcsv"
	"kaizen/web/components"
)

// UnitsPerPage is how many units a page of the unit list shows.
const UnitsPerPage = 50

// UnitsView is one page of the list of units, with its filter.
type UnitsView struct {
	Units   []domain.Unit
	CanEdit bool
	// Filter: part of the name or start of the TERYT code, voivodeship
	// name, kind ("" for all).
	Query, Voivodeship, Kind string
	Offset, Total            int
	List                     components.List // the same, with the order, for the links
}

// UnitFormView is the create/edit form of a unit.
type UnitFormView struct {
	Unit *domain.Unit
	Form components.Form
}

// UnitImportView is the CSV import page: upload, or the preview of a file.
type UnitImportView struct {
	FileError string
	File      *unitcsv.File
	FileName  string
	Data      string // the file, base64, sent back with the confirmation
}

// Fields of the unit form (UnitForm), also the keys of domain.Unit.Validate's
// messages (and so of a unit file's rows).
const (
	FieldUnitName        = "name"
	FieldUnitKind        = "kind"
	FieldUnitVoivodeship = "voivodeship"
	FieldUnitTERYT       = "teryt"
	FieldUnitAddress     = "address"
	FieldUnitEmail       = "email"
)

// FieldUnitImportData is the checked unit file (base64) the import's
// confirmation sends back.
const FieldUnitImportData = "data"

// Filters of the unit list (with ParamSearch).
const (
	ParamUnitVoivodeship = "woj"
	ParamUnitKind        = "rodzaj"
)

// UnitValues are a stored unit's values as its form shows them.
func UnitValues(u *domain.Unit) map[string][]string {
	return map[string][]string{FieldUnitName: {u.Name}, FieldUnitKind: {string(u.Kind)}, FieldUnitVoivodeship: {u.Voivodeship},
		FieldUnitTERYT: {u.TERYT}, FieldUnitAddress: {u.Address}, FieldUnitEmail: {u.Email}}
}

func unitKindOptions(selected string) []components.Option {
	opts := []components.Option{{Value: "", Label: "— wybierz rodzaj —"}}
	for _, k := range domain.UnitKinds {
		opts = append(opts, components.Option{Value: string(k), Label: k.Label(), Selected: string(k) == selected})
	}
	return opts
}

func voivodeshipOptions(selected string) []components.Option {
	opts := []components.Option{{Value: "", Label: "— wybierz województwo —"}}
	for _, v := range domain.Voivodeships {
		opts = append(opts, components.Option{Value: v.Name, Label: v.Name + " (" + v.Code + ")", Selected: v.Name == selected})
	}
	return opts
}

func rowErrors(r unitcsv.Row) []string {
	var out []string
	for _, f := range []string{FieldUnitName, FieldUnitKind, FieldUnitVoivodeship, FieldUnitTERYT, FieldUnitAddress, FieldUnitEmail} {
		if m := r.Errors[f]; m != "" {
			out = append(out, m)
		}
	}
	return out
}
