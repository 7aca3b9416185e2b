// Package unitcsv reads and writes lists of units (JST) as CSV, the way
// officials save them from Excel (see csvin for encodings and separators),
// a header row with Polish column names.
package unitcsv

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"

	"kaizen/internal/csvin"
	"kaizen/internal/csvout"
	"kaizen/internal/domain"
)

// Column names as the header row spells them (export and the sample).
var Columns = []string{"Nazwa", "Rodzaj", "Województwo", "TERYT", "Adres", "E-mail"}

// Limits of an import.
const (
	MaxBytes = csvin.MaxBytes
	MaxRows  = 5000
)

// Row is one data row of the file with what is wrong with it.
type Row struct {
	Line   int // line in the file, counting the header as 1
	Unit   domain.Unit
	Kind   string            // the kind as typed
	Areas  []string          // codes of the "Obszary" column, upper case (not checked against a programme)
	Errors map[string]string // by field: name, kind, voivodeship, teryt, address, email; "row" for a row that cannot be read
}

// OK reports whether the row can be saved.
func (r Row) OK() bool { return len(r.Errors) == 0 }

// File is a parsed file.
type File struct {
	Encoding  string // csvin.Enc*
	Delimiter rune
	Rows      []Row
	Ignored   []string // header columns nobody reads, as spelled in the file
	HasAreas  bool     // the file has an "Obszary" column
	// Readings: lines that differ between Windows-1250 and ISO-8859-2 when
	// the text did not tell which (the user chose; the preview lets them
	// change it).
	Readings []csvin.Reading
}

// Valid returns the units of the rows that can be saved.
func (f *File) Valid() []domain.Unit {
	var out []domain.Unit
	for _, r := range f.Rows {
		if r.OK() {
			out = append(out, r.Unit)
		}
	}
	return out
}

// Invalid counts the rows with errors.
func (f *File) Invalid() int {
	n := 0
	for _, r := range f.Rows {
		if !r.OK() {
			n++
		}
	}
	return n
}

// ErrFile is a problem with the file as a whole; its text is Polish.
type ErrFile = csvin.ErrFile

func fileErr(format string, args ...any) error { return csvin.Errf(format, args...) }

var headerKeys = map[string]string{
	"nazwa": "name", "nazwajednostki": "name", "jednostka": "name",
	"rodzaj": "kind", "rodzajjednostki": "kind", "typ": "kind",
	"wojewodztwo": "voivodeship",
	"teryt":       "teryt", "kodteryt": "teryt",
	"adres": "address",
	"email": "email", "adresemail": "email",
	"obszary": "areas", "obszar": "areas",
}

// Parse reads a file, detecting its encoding. A problem with the whole file
// (size, encoding, missing columns) is an *ErrFile, a file whose code page
// the user must choose a *csvin.ErrAmbiguous; problems of single rows are
// in Rows.
func Parse(data []byte) (*File, error) { return ParseEncoding(data, "") }

// ParseEncoding is Parse with the 8-bit encoding the user chose ("" to
// detect it).
func ParseEncoding(data []byte, enc string) (*File, error) {
	cf, err := csvin.Open(data, enc)
	if err != nil {
		return nil, err
	}
	col := map[string]int{}
	read := map[int]bool{}
	for i, h := range cf.Header {
		if f, ok := headerKeys[csvin.Key(h)]; ok {
			if _, dup := col[f]; dup {
				return nil, fileErr("Kolumna „%s” występuje w nagłówku dwa razy: usuń albo przemianuj jedną z nich.", strings.TrimSpace(h))
			}
			col[f] = i
			read[i] = true
		}
	}
	var missing []string
	for _, req := range []struct{ field, name string }{{"name", "Nazwa"}, {"kind", "Rodzaj"}, {"voivodeship", "Województwo"}} {
		if _, ok := col[req.field]; !ok {
			missing = append(missing, "„"+req.name+"”")
		}
	}
	if len(missing) > 0 {
		return nil, fileErr("W wierszu nagłówka brakuje kolumn: %s. Dopisz je w pierwszym wierszu pliku. Wymagane: Nazwa, Rodzaj, Województwo; opcjonalne: TERYT, Adres, E-mail, Obszary.", strings.Join(missing, ", "))
	}
	f := &File{Encoding: cf.Encoding, Delimiter: cf.Delimiter, Readings: cf.Readings}
	_, f.HasAreas = col["areas"]
	for {
		rec, line, err := cf.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if len(f.Rows) >= MaxRows {
			return nil, fileErr("Plik ma więcej niż %d wierszy: podziel go na części i wczytaj każdą osobno.", MaxRows)
		}
		var re *csvin.RowError
		if errors.As(err, &re) {
			f.Rows = append(f.Rows, Row{Line: re.Line, Errors: map[string]string{"row": re.Msg}})
			continue
		}
		if err != nil {
			return nil, err
		}
		f.Rows = append(f.Rows, parseRow(rec, line, col))
	}
	if len(f.Rows) == 0 {
		return nil, fileErr("Plik nie zawiera żadnych wierszy z danymi poza nagłówkiem: dopisz jednostki, po jednej w wierszu, pod nagłówkiem.")
	}
	f.Ignored = cf.Ignored(read)
	return f, nil
}

func parseRow(rec []string, line int, col map[string]int) Row {
	get := func(field string) string {
		if i, ok := col[field]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	row := Row{Line: line, Kind: get("kind"), Areas: SplitAreas(get("areas"))}
	row.Unit = domain.Unit{Name: get("name"), Voivodeship: get("voivodeship"), TERYT: get("teryt"), Address: get("address"), Email: get("email")}
	row.Errors = map[string]string{}
	kind, kindOK := domain.UnitKindFromLabel(row.Kind)
	row.Unit.Kind = kind
	if !kindOK {
		row.Unit.Kind = domain.UnitKind("?")
	}
	row.Unit.Normalize()
	if err := row.Unit.Validate(); err != nil {
		for k, m := range domain.FieldErrors(err) {
			row.Errors[k] = m
		}
	}
	if _, bad := row.Errors["voivodeship"]; bad {
		row.Errors["voivodeship"] = "Nieznane województwo „" + row.Unit.Voivodeship + "”: wpisz jego nazwę, np. dolnośląskie, kujawsko-pomorskie, śląskie."
	}
	if !kindOK {
		row.Errors["kind"] = "Nieznany rodzaj „" + row.Kind + "”: wpisz np. gmina miejska, gmina wiejska, gmina miejsko-wiejska, powiat, województwo, urząd wojewódzki."
	}
	return row
}

// SplitAreas reads an areas cell: codes separated by commas, semicolons or
// white space, trimmed and upper-cased, each once, in the order given.
// Whether the codes exist is the programme's business, not the file's.
func SplitAreas(s string) []string {
	var out []string
	for _, c := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) }) {
		if c = strings.ToUpper(c); !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// CheckDuplicates marks rows whose TERYT code another unit already has (by
// domain.TERYTConflict, the rule the unit form follows too), in the file
// or among existing units, and rows that repeat a name within one
// voivodeship.
func (f *File) CheckDuplicates(existing []domain.Unit) {
	names := map[string]string{}
	for _, u := range existing {
		names[strings.ToLower(u.Name)+"|"+u.Voivodeship] = "Ta jednostka już jest w systemie: usuń ten wiersz z pliku albo zmień nazwę."
	}
	var earlier []Row
	for i := range f.Rows {
		r := &f.Rows[i]
		if r.Errors == nil {
			r.Errors = map[string]string{}
		}
		if _, skip := r.Errors["row"]; skip {
			continue
		}
		if _, has := r.Errors["teryt"]; !has && r.Unit.TERYT != "" {
			if msg := terytConflict(r.Unit, existing, earlier); msg != "" {
				r.Errors["teryt"] = msg
			}
		}
		earlier = append(earlier, *r)
		n := strings.ToLower(r.Unit.Name) + "|" + r.Unit.Voivodeship
		if msg, dup := names[n]; dup {
			if _, has := r.Errors["name"]; !has {
				r.Errors["name"] = msg
			}
		} else {
			names[n] = fmt.Sprintf("Ta jednostka powtarza się w pliku (wiersz %d): zostaw w pliku jeden z tych wierszy.", r.Line)
		}
	}
}

func terytConflict(u domain.Unit, existing []domain.Unit, earlier []Row) string {
	for _, o := range existing {
		if msg := domain.TERYTConflict(u, o); msg != "" {
			return msg
		}
	}
	for _, o := range earlier {
		if msg := domain.TERYTConflict(u, o.Unit); msg != "" {
			return fmt.Sprintf("%s Tamta jednostka jest w wierszu %d tego pliku.", msg, o.Line)
		}
	}
	return ""
}

// kindCSV is how a kind is written to CSV (readable back by Parse).
func kindCSV(k domain.UnitKind) string {
	l := k.Label()
	if i := strings.Index(l, " ("); i > 0 {
		return l[:i]
	}
	return l
}

// Write writes units as UTF-8 with a BOM and semicolons, as Excel in Poland
// opens it directly.
func Write(w io.Writer, units []domain.Unit) error {
	cw := csvout.New(w)
	cw.Row(Columns...)
	for _, u := range units {
		cw.Row(u.Name, kindCSV(u.Kind), u.Voivodeship, u.TERYT, u.Address, u.Email)
	}
	return cw.Close()
}
