// Package unitcsv reads and writes lists of units (JST) as CSV, the way
// officials save them from Excel: UTF-8 (with or without BOM) or
// Windows-1250, comma or semicolon separated, a header row with Polish
// column names.
package unitcsv

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
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
	Areas  []string          // codes of the column "Obszary", as typed
	Errors map[string]string // by field: name, kind, voivodeship, teryt, address, email
}

// OK reports whether the row can be saved.
func (r Row) OK() bool { return len(r.Errors) == 0 }

// File is a parsed file.
type File struct {
	Encoding  string // "UTF-8" or "Windows-1250"
	Delimiter rune
	Rows      []Row
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

// Parse reads a file. A problem with the whole file (size, encoding,
// missing columns) is an *ErrFile; problems of single rows are in Rows.
func Parse(data []byte) (*File, error) {
	cf, err := csvin.Open(data)
	if err != nil {
		return nil, err
	}
	r := cf.Reader
	header, err := r.Read()
	if err != nil {
		return nil, fileErr("Nie udało się odczytać wiersza nagłówka.")
	}
	col := map[string]int{}
	for i, h := range header {
		if f, ok := headerKeys[csvin.Key(h)]; ok {
			if _, dup := col[f]; dup {
				return nil, fileErr("Kolumna „%s” występuje w nagłówku dwa razy.", strings.TrimSpace(h))
			}
			col[f] = i
		}
	}
	var missing []string
	for _, req := range []struct{ field, name string }{{"name", "Nazwa"}, {"kind", "Rodzaj"}, {"voivodeship", "Województwo"}} {
		if _, ok := col[req.field]; !ok {
			missing = append(missing, "„"+req.name+"”")
		}
	}
	if len(missing) > 0 {
		return nil, fileErr("W wierszu nagłówka brakuje kolumn: %s. Wymagane: Nazwa, Rodzaj, Województwo; opcjonalne: TERYT, Adres, E-mail.", strings.Join(missing, ", "))
	}
	f := &File{Encoding: cf.Encoding, Delimiter: cf.Delimiter}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return nil, fileErr("Nie udało się odczytać pliku.")
			}
			if len(f.Rows) >= MaxRows {
				return nil, fileErr("Plik ma więcej niż %d wierszy. Podziel go na części.", MaxRows)
			}
			f.Rows = append(f.Rows, Row{Line: pe.StartLine, Errors: map[string]string{"name": "Wiersza nie da się odczytać: sprawdź cudzysłowy (pole z cudzysłowem musi być całe ujęte w cudzysłów)."}})
			continue
		}
		line, _ := r.FieldPos(0)
		if csvin.Blank(rec) {
			continue
		}
		if len(f.Rows) >= MaxRows {
			return nil, fileErr("Plik ma więcej niż %d wierszy. Podziel go na części.", MaxRows)
		}
		get := func(field string) string {
			if i, ok := col[field]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		row := Row{Line: line, Kind: get("kind"), Areas: strings.FieldsFunc(get("areas"), func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) })}
		row.Unit = domain.Unit{Name: get("name"), Voivodeship: get("voivodeship"), TERYT: get("teryt"), Address: get("address"), Email: get("email")}
		row.Errors = map[string]string{}
		if k, ok := domain.UnitKindFromLabel(row.Kind); ok {
			row.Unit.Kind = k
		} else {
			row.Unit.Kind = domain.UnitKind("?")
		}
		row.Unit.Normalize()
		if err := row.Unit.Validate(); err != nil {
			for k, m := range domain.FieldErrors(err) {
				row.Errors[k] = m
			}
		}
		if _, ok := domain.UnitKindFromLabel(row.Kind); !ok {
			row.Errors["kind"] = "Nieznany rodzaj „" + row.Kind + "”: wpisz np. gmina miejska, gmina wiejska, gmina miejsko-wiejska, powiat, województwo, urząd wojewódzki."
		}
		f.Rows = append(f.Rows, row)
	}
	if len(f.Rows) == 0 {
		return nil, fileErr("Plik nie zawiera żadnych wierszy z danymi poza nagłówkiem.")
	}
	return f, nil
}

// CheckDuplicates marks rows that repeat a TERYT code or a name within one
// voivodeship, in the file or among existing units.
func (f *File) CheckDuplicates(existing []domain.Unit) {
	teryt := map[string]string{}
	names := map[string]string{}
	for _, u := range existing {
		if u.TERYT != "" {
			teryt[u.TERYT] = "Jednostka z tym kodem TERYT już jest w systemie (" + u.Name + ")."
		}
		names[strings.ToLower(u.Name)+"|"+u.Voivodeship] = "Ta jednostka już jest w systemie."
	}
	for i := range f.Rows {
		r := &f.Rows[i]
		if r.Errors == nil {
			r.Errors = map[string]string{}
		}
		if t := r.Unit.TERYT; t != "" {
			if msg, dup := teryt[t]; dup {
				if _, has := r.Errors["teryt"]; !has {
					r.Errors["teryt"] = msg
				}
			} else {
				teryt[t] = fmt.Sprintf("Ten kod TERYT powtarza się w pliku (wiersz %d).", r.Line)
			}
		}
		n := strings.ToLower(r.Unit.Name) + "|" + r.Unit.Voivodeship
		if msg, dup := names[n]; dup {
			if _, has := r.Errors["name"]; !has {
				r.Errors["name"] = msg
			}
		} else {
			names[n] = fmt.Sprintf("Ta jednostka powtarza się w pliku (wiersz %d).", r.Line)
		}
	}
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
