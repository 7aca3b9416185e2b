// Package attendcsv reads a training session's attendance from CSV: one row
// per participant (Imię, Nazwisko, Jednostka, Stanowisko, Płeć, E-mail) and
// one column per session day, headed by its date, marked 1/tak/x for
// present and 0/nie/empty for absent.
package attendcsv

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"kaizen/internal/csvin"
	"kaizen/internal/domain"
)

// MaxRows limits one file.
const MaxRows = 1000

// Row is one participant line.
type Row struct {
	Line    int
	Person  domain.Person // ProgrammeID and consent fields are set by the caller
	Unit    string        // as typed
	Present map[string]bool
	Errors  []string
}

// OK reports whether the row can be saved.
func (r Row) OK() bool { return len(r.Errors) == 0 }

// File is a parsed attendance file.
type File struct {
	Encoding  string
	Delimiter rune
	Days      []time.Time // the session's days, in column order
	Rows      []Row
}

// Valid counts the rows without errors.
func (f *File) Valid() int {
	n := 0
	for _, r := range f.Rows {
		if r.OK() {
			n++
		}
	}
	return n
}

// DayKey is how a day keys Row.Present.
func DayKey(d time.Time) string { return d.Format("2006-01-02") }

var fields = map[string]string{"imie": "first", "nazwisko": "last", "jednostka": "unit", "stanowisko": "position", "plec": "sex", "email": "email", "adresemail": "email"}

// Parse reads data against the session's days and the programme's units
// (by name). It returns *csvin.ErrFile for problems with the whole file.
func Parse(data []byte, days []time.Time, units map[string]int64) (*File, error) {
	cf, err := csvin.Open(data)
	if err != nil {
		return nil, err
	}
	r := cf.Reader
	header, err := r.Read()
	if err != nil {
		return nil, csvin.Errf("Nie udało się odczytać wiersza nagłówka.")
	}
	col := map[string]int{}
	dayCol := map[string]int{}
	for i, h := range header {
		if f, ok := fields[csvin.Key(h)]; ok {
			col[f] = i
			continue
		}
		h = strings.TrimSpace(h)
		if h == "" {
			continue
		}
		d, err := domain.ParseDate(h)
		if err != nil {
			return nil, csvin.Errf("Nieznana kolumna „%s”: oczekiwane są Imię, Nazwisko, Jednostka, Stanowisko, Płeć, E-mail oraz daty dni sesji.", h)
		}
		found := false
		for _, sd := range days {
			if sd.Equal(d) {
				found = true
			}
		}
		if !found {
			return nil, csvin.Errf("Kolumna %s nie jest dniem tej sesji.", d.Format("02.01.2006"))
		}
		if _, dup := dayCol[DayKey(d)]; dup {
			return nil, csvin.Errf("Dzień %s ma w nagłówku dwie kolumny.", d.Format("02.01.2006"))
		}
		dayCol[DayKey(d)] = i
	}
	var missing []string
	for _, req := range []struct{ f, name string }{{"first", "Imię"}, {"last", "Nazwisko"}, {"unit", "Jednostka"}, {"sex", "Płeć"}} {
		if _, ok := col[req.f]; !ok {
			missing = append(missing, "„"+req.name+"”")
		}
	}
	for _, d := range days {
		if _, ok := dayCol[DayKey(d)]; !ok {
			missing = append(missing, d.Format("02.01.2006"))
		}
	}
	if len(missing) > 0 {
		return nil, csvin.Errf("W wierszu nagłówka brakuje kolumn: %s.", strings.Join(missing, ", "))
	}
	unitByKey := map[string]int64{}
	for name, id := range units {
		unitByKey[domain.Fold(name)] = id
	}
	f := &File{Encoding: cf.Encoding, Delimiter: cf.Delimiter, Days: days}
	seen := map[string]int{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return nil, csvin.Errf("Nie udało się odczytać pliku.")
			}
			if len(f.Rows) >= MaxRows {
				return nil, csvin.Errf("Plik ma więcej niż %d wierszy.", MaxRows)
			}
			f.Rows = append(f.Rows, Row{Line: pe.StartLine, Errors: []string{"Wiersza nie da się odczytać: sprawdź cudzysłowy."}})
			continue
		}
		if csvin.Blank(rec) {
			continue
		}
		if len(f.Rows) >= MaxRows {
			return nil, csvin.Errf("Plik ma więcej niż %d wierszy.", MaxRows)
		}
		line, _ := r.FieldPos(0)
		get := func(i int) string {
			if i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		row := Row{Line: line, Unit: get(col["unit"]), Present: map[string]bool{}}
		row.Person.FirstName, row.Person.LastName = get(col["first"]), get(col["last"])
		if i, ok := col["position"]; ok {
			row.Person.Position = get(i)
		}
		if i, ok := col["email"]; ok {
			row.Person.Email = get(i)
		}
		switch strings.ToUpper(get(col["sex"])) {
		case "K", "KOBIETA":
			row.Person.Sex = domain.SexFemale
		case "M", "MĘŻCZYZNA", "MEZCZYZNA":
			row.Person.Sex = domain.SexMale
		default:
			row.Errors = append(row.Errors, "Płeć: wpisz K albo M.")
		}
		if id, ok := unitByKey[domain.Fold(row.Unit)]; ok {
			row.Person.UnitID = id
		} else {
			row.Errors = append(row.Errors, "Jednostka „"+row.Unit+"” nie uczestniczy w programie (wpisz nazwę jak na liście jednostek).")
		}
		if row.Person.FirstName == "" || row.Person.LastName == "" {
			row.Errors = append(row.Errors, "Podaj imię i nazwisko.")
		} else if len([]rune(row.Person.FirstName)) > 100 || len([]rune(row.Person.LastName)) > 100 {
			row.Errors = append(row.Errors, "Imię i nazwisko mogą mieć najwyżej po 100 znaków.")
		}
		for _, d := range days {
			switch v := strings.ToLower(get(dayCol[DayKey(d)])); v {
			case "1", "tak", "x", "t", "obecny", "obecna":
				row.Present[DayKey(d)] = true
			case "", "0", "nie", "n", "-", "nieobecny", "nieobecna":
			default:
				row.Errors = append(row.Errors, fmt.Sprintf("Obecność %s: wpisz 1 (obecny) albo 0 (nieobecny), nie „%s”.", d.Format("02.01.2006"), v))
			}
		}
		key := domain.Fold(row.Person.FirstName + " " + row.Person.LastName + " " + row.Unit)
		if prev, dup := seen[key]; dup && row.Person.FirstName != "" {
			row.Errors = append(row.Errors, fmt.Sprintf("Ta osoba jest już w wierszu %d.", prev))
		} else {
			seen[key] = line
		}
		f.Rows = append(f.Rows, row)
	}
	if len(f.Rows) == 0 {
		return nil, csvin.Errf("Plik nie zawiera żadnych wierszy z danymi poza nagłówkiem.")
	}
	return f, nil
}
