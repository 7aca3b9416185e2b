package attendcsv

import (
	"errors"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"kaizen/internal/csvin"
)

var (
	d1    = time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	d2    = time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC)
	units = map[string]int64{"Urząd Miasta w Dzierżoniowie": 5, "Urząd Miasta Bielawa": 2}
)

func TestParse(t *testing.T) {
	text := "Imię;Nazwisko;Jednostka;Stanowisko;Płeć;2026-03-10;11.03.2026\r\n" +
		"Żaneta;Łęcka;urząd miasta w dzierżoniowie;inspektor;K;1;tak\r\n" +
		"Jan;Kowalski;Urząd Miasta Bielawa;;M;1;0\r\n" +
		"Ola;Nowa;Urząd Gminy Nigdzie;;K;1;1\r\n" +
		"Jan;Kowalski;Urząd Miasta Bielawa;;M;1;1\r\n" +
		"Ewa;Zła;Urząd Miasta Bielawa;;X;może;1\r\n"
	data, _ := charmap.Windows1250.NewEncoder().Bytes([]byte(text))
	f, err := Parse(data, []time.Time{d1, d2}, units)
	if err != nil {
		t.Fatal(err)
	}
	if f.Encoding != "Windows-1250" || len(f.Rows) != 5 || f.Valid() != 2 {
		t.Fatalf("encoding %s, rows %d, valid %d: %+v", f.Encoding, len(f.Rows), f.Valid(), f.Rows)
	}
	r := f.Rows[0]
	if r.Person.FirstName != "Żaneta" || r.Person.UnitID != 5 || !r.Present["2026-03-10"] || !r.Present["2026-03-11"] {
		t.Fatalf("row 1 = %+v", r)
	}
	if f.Rows[1].Present["2026-03-11"] {
		t.Fatal("0 read as present")
	}
	for i, want := range map[int]string{2: "nie uczestniczy", 3: "jest już w wierszu 3", 4: "Płeć"} {
		if !strings.Contains(strings.Join(f.Rows[i].Errors, " "), want) {
			t.Errorf("row %d errors %v, want %q", i+1, f.Rows[i].Errors, want)
		}
	}
	if !strings.Contains(strings.Join(f.Rows[4].Errors, " "), "może") {
		t.Errorf("bad presence value not reported: %v", f.Rows[4].Errors)
	}
}

func TestParseFileErrors(t *testing.T) {
	for name, tc := range map[string]struct{ data, want string }{
		"ErrDayNotInSession": {"Imię,Nazwisko,Jednostka,Płeć,2026-03-10,2026-03-12\n", "nie jest dniem tej sesji"},
		"ErrMissingDay":      {"Imię,Nazwisko,Jednostka,Płeć,2026-03-10\n", "11.03.2026"},
		"ErrMissingName":     {"Nazwisko,Jednostka,Płeć,2026-03-10,2026-03-11\n", "„Imię”"},
		"ErrDuplicateColumn": {"Imię,Imie,Nazwisko,Jednostka,Płeć,2026-03-10,2026-03-11\n", "dwa razy"},
		"ErrEmpty":           {"", "pusty"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse([]byte(tc.data), []time.Time{d1, d2}, units)
			var fe *csvin.ErrFile
			if !errors.As(err, &fe) || !strings.Contains(fe.Msg, tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("Imię;Nazwisko;Jednostka;Płeć;2026-03-10;2026-03-11\nA;B;Urząd Miasta Bielawa;K;1;0\n"))
	f.Add([]byte("Imię,Nazwisko,Jednostka,Płeć,10.03.2026,11.03.2026\n\"A,B\",C,Urząd Miasta Bielawa,M,tak,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse(data, []time.Time{d1, d2}, units)
		if err != nil {
			var fe *csvin.ErrFile
			var amb *csvin.ErrAmbiguous
			if !errors.As(err, &fe) && !errors.As(err, &amb) {
				t.Fatalf("unexpected error type: %v", err)
			}
			return
		}
		for _, r := range file.Rows {
			if r.OK() && (r.Person.UnitID == 0 || r.Person.FirstName == "" || (r.Person.Sex != "K" && r.Person.Sex != "M")) {
				t.Fatalf("a row without errors is incomplete: %+v", r)
			}
		}
	})
}
