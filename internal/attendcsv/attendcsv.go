// Package attendcsv reads a training session's attendance from CSV: one row
// per participant (Imię, Nazwisko, Jednostka, Stanowisko, Płeć, E-mail) and
// one column per session day, headed by its date, marked 1/tak/x for
// present and 0/nie/empty for absent.
package attendcsv

import (
	"errors"
	"fmt"
	"io"
	"slices"
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
	Encoding  string // csvin.Enc*
	Delimiter rune
	Days      []time.Time // the session's days, in column order
	Rows      []Row
	Ignored   []string // header columns nobody reads, as spelled in the file
	// Readings: lines that differ between Windows-1250 and ISO-8859-2 when
	// the text did not tell which (see csvin.File.Readings).
	Readings []csvin.Reading
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
// (by name), detecting the encoding. It returns *csvin.ErrFile for
// problems with the whole file and *csvin.ErrAmbiguous when the user must
// choose the code page.
func Parse(data []byte, days []time.Time, units map[string]int64) (*File, error) {
	return ParseEncoding(data, "", days, units)
}

// ParseEncoding is Parse with the 8-bit encoding the user chose ("" to
// detect it).
func ParseEncoding(data []byte, enc string, days []time.Time, units map[string]int64) (*File, error) {
	cf, err := csvin.Open(data, enc)
	if err != nil {
		return nil, err
	}
	col := map[string]int{}
	dayCol := map[string]int{}
	read := map[int]bool{}
	for i, h := range cf.Header {
		if f, ok := fields[csvin.Key(h)]; ok {
			if _, dup := col[f]; dup {
				return nil, csvin.Errf("Kolumna „%s” występuje w nagłówku dwa razy: usuń albo przemianuj jedną z nich.", strings.TrimSpace(h))
			}
			col[f] = i
			read[i] = true
			continue
		}
		h = strings.TrimSpace(h)
		d, err := domain.ParseDate(h)
		if h == "" || err != nil {
			continue // named in the preview as ignored
		}
		if !slices.ContainsFunc(days, d.Equal) {
			return nil, csvin.Errf("Kolumna %s nie jest dniem tej sesji (dni sesji: %s): popraw datę w nagłówku albo wczytaj plik w sesji, która ma ten dzień.", d.Format("02.01.2006"), dayList(days))
		}
		if _, dup := dayCol[DayKey(d)]; dup {
			return nil, csvin.Errf("Dzień %s ma w nagłówku dwie kolumny: zostaw jedną.", d.Format("02.01.2006"))
		}
		dayCol[DayKey(d)] = i
		read[i] = true
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
		return nil, csvin.Errf("W wierszu nagłówka brakuje kolumn: %s. Dopisz je w pierwszym wierszu pliku (dni sesji jako daty, np. 2026-03-10) albo pobierz wzór pliku dla tej sesji.", strings.Join(missing, ", "))
	}
	unitByKey := map[string]int64{}
	for name, id := range units {
		unitByKey[domain.Fold(name)] = id
	}
	f := &File{Encoding: cf.Encoding, Delimiter: cf.Delimiter, Days: days, Readings: cf.Readings}
	seen := map[string]int{}
	for {
		rec, line, err := cf.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if len(f.Rows) >= MaxRows {
			return nil, csvin.Errf("Plik ma więcej niż %d wierszy: podziel go na części i wczytaj każdą osobno.", MaxRows)
		}
		var re *csvin.RowError
		if errors.As(err, &re) {
			f.Rows = append(f.Rows, Row{Line: re.Line, Errors: []string{re.Msg}})
			continue
		}
		if err != nil {
			return nil, err
		}
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
			row.Errors = append(row.Errors, "Płeć: wpisz K (kobieta) albo M (mężczyzna).")
		}
		if id, ok := unitByKey[domain.Fold(row.Unit)]; ok {
			row.Person.UnitID = id
		} else {
			row.Errors = append(row.Errors, "Jednostka „"+row.Unit+"” nie uczestniczy w programie (wpisz nazwę jak na liście jednostek).")
		}
		if row.Person.FirstName == "" || row.Person.LastName == "" {
			row.Errors = append(row.Errors, "Wpisz imię i nazwisko.")
		} else if len([]rune(row.Person.FirstName)) > 100 || len([]rune(row.Person.LastName)) > 100 {
			row.Errors = append(row.Errors, "Imię i nazwisko mogą mieć najwyżej po 100 znaków: skróć je.")
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
			row.Errors = append(row.Errors, fmt.Sprintf("Ta osoba jest już w wierszu %d: zostaw w pliku jeden z tych wierszy.", prev))
		} else {
			seen[key] = line
		}
		f.Rows = append(f.Rows, row)
	}
	if len(f.Rows) == 0 {
		return nil, csvin.Errf("Plik nie zawiera żadnych wierszy z danymi poza nagłówkiem: dopisz uczestników, po jednym w wierszu, pod nagłówkiem.")
	}
	f.Ignored = cf.Ignored(read)
	return f, nil
}

func dayList(days []time.Time) string {
	out := make([]string, len(days))
	for i, d := range days {
		out[i] = d.Format("02.01.2006")
	}
	return strings.Join(out, ", ")
}
