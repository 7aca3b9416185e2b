package pages

import (
	"strconv"

	"kaizen/internal/csvin"
	"kaizen/internal/domain"
	"kaizen/internal/unitcsv"
	"kaizen/web/components"
	"kaizen/web/paths"
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
	Encoding  string // the 8-bit encoding the user chose, sent back too
	// Readings: the file's code page must be chosen first (File is nil).
	Readings []csvin.Reading
	// Programmes the units may join; Programme is the one chosen (nil:
	// none), whose areas the rows' column "Obszary" names.
	Programmes []domain.ProgrammeSummary
	Programme  *domain.Programme
}

// encodingChoice is the question about the file's code page, or its answer
// that can be changed.
func (v UnitImportView) encodingChoice() EncodingChoice {
	c := EncodingChoice{Action: paths.UnitsImport(), Readings: v.Readings, Chosen: v.Encoding,
		Hidden: [][2]string{{FieldUnitImportData, v.Data}, {FieldImportFileName, v.FileName}}}
	if v.File != nil {
		c.Readings = v.File.Readings
	}
	if v.Programme != nil {
		c.Hidden = append(c.Hidden, [2]string{FieldUnitImportProgramme, strconv.FormatInt(v.Programme.ID, 10)})
	}
	return c
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

// FieldUnitImportProgramme is the programme an import adds its units to;
// FieldUnitImportAreas the key of a row's message about its areas.
const (
	FieldUnitImportProgramme = "programme"
	FieldUnitImportAreas     = "areas"
)

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
	for _, f := range []string{"row", FieldUnitName, FieldUnitKind, FieldUnitVoivodeship, FieldUnitTERYT, FieldUnitAddress, FieldUnitEmail, FieldUnitImportAreas} {
		if m := r.Errors[f]; m != "" {
			out = append(out, m)
		}
	}
	return out
}

// importProgrammeOptions offers the programmes an import may add its units
// to, after "none".
func importProgrammeOptions(v UnitImportView) []components.Option {
	opts := []components.Option{{Value: "", Label: "— żaden: tylko dodaj jednostki —"}}
	for _, p := range v.Programmes {
		opts = append(opts, components.Option{Value: itoa(p.ID), Label: p.Code + " – " + p.Title, Selected: v.Programme != nil && v.Programme.ID == p.ID})
	}
	return opts
}
