package attendcsv

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"kaizen/internal/csvin"
)

// list: ą ś ź Ą Ś Ź where the two Polish code pages differ, and columns
// the import does not read.
const list = "Imię;Nazwisko;Jednostka;Stanowisko;Płeć;Telefon;2026-03-10;2026-03-11;Uwagi\r\n" +
	"Świętosława;Ząbek;Urząd Miasta w Dzierżoniowie;inspektor;K;600 100 200;1;1;spóźniona\r\n" +
	"Ździsław;Kąś;Urząd Miasta Bielawa;referent;M;;1;0;\r\n"

func encodeList(t *testing.T, e encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseFormats(t *testing.T) {
	tab := strings.ReplaceAll(list, ";", "\t")
	for _, tc := range []struct {
		name  string
		data  []byte
		enc   string
		delim rune
	}{
		{"Windows1250", encodeList(t, charmap.Windows1250, list), csvin.EncWin1250, ';'},
		{"ISO88592", encodeList(t, charmap.ISO8859_2, list), csvin.EncISO8859_2, ';'},
		{"UTF16LEBOMTabs", encodeList(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), tab), csvin.EncUTF16LE, '\t'},
		{"Windows1250Tabs", encodeList(t, charmap.Windows1250, tab), csvin.EncWin1250, '\t'},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse(tc.data, []time.Time{d1, d2}, units)
			if err != nil {
				t.Fatal(err)
			}
			if f.Encoding != tc.enc || f.Delimiter != tc.delim || f.Valid() != 2 {
				t.Fatalf("read as %s %q, valid %d: %+v", f.Encoding, f.Delimiter, f.Valid(), f.Rows)
			}
			p, q := f.Rows[0].Person, f.Rows[1].Person
			if p.FirstName != "Świętosława" || p.LastName != "Ząbek" || q.FirstName != "Ździsław" || q.LastName != "Kąś" || p.UnitID != 5 || q.UnitID != 2 {
				t.Fatalf("people %+v %+v", p, q)
			}
			if !f.Rows[0].Present["2026-03-11"] || f.Rows[1].Present["2026-03-11"] {
				t.Fatalf("presence %v %v", f.Rows[0].Present, f.Rows[1].Present)
			}
			if !slices.Equal(f.Ignored, []string{"Telefon", "Uwagi"}) {
				t.Fatalf("ignored %v", f.Ignored)
			}
		})
	}
}

// TestParseExtraField: a row longer than the header is an error at that
// row; the file's other rows are read.
func TestParseExtraField(t *testing.T) {
	data := "Imię;Nazwisko;Jednostka;Stanowisko;Płeć;2026-03-10;2026-03-11\n" +
		"Anna;Nowak;Urząd Miasta Bielawa;inspektor; kierownik referatu;K;1;1\n" +
		"Jan;Kowalski;Urząd Miasta Bielawa;;M;1;1\n"
	f, err := Parse(encodeList(t, charmap.ISO8859_2, data), []time.Time{d1, d2}, units)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Rows) != 2 || f.Valid() != 1 || f.Rows[0].Line != 2 ||
		!strings.HasPrefix(strings.Join(f.Rows[0].Errors, " "), "Wiersz 2 ma 8 pól, a nagłówek 7: sprawdź, czy w nazwie nie ma średnika bez cudzysłowu") {
		t.Fatalf("rows %+v", f.Rows)
	}
}

func TestParseAmbiguous(t *testing.T) {
	// Ą (0xA1) in ISO-8859-2 and ą (0xB9) in Windows-1250: ask.
	data := []byte("Imi\xea;Nazwisko;Jednostka;P\xb3e\xe6;2026-03-10;2026-03-11\n\xa1gata;W\xb9s;Urz\xb1d Miasta Bielawa;K;1;1\n")
	_, err := Parse(data, []time.Time{d1, d2}, units)
	var amb *csvin.ErrAmbiguous
	if !errors.As(err, &amb) || len(amb.Readings) != 1 || amb.Readings[0].Line != 2 {
		t.Fatalf("err = %#v", err)
	}
	f, err := ParseEncoding(data, csvin.EncWin1250, []time.Time{d1, d2}, units)
	if err != nil || f.Encoding != csvin.EncWin1250 || f.Rows[0].Person.LastName != "Wąs" {
		t.Fatalf("chosen Windows-1250: %+v %v", f, err)
	}
}
