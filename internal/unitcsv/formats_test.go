package unitcsv

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"kaizen/internal/csvin"
	"kaizen/internal/domain"
)

// officials' file: ą ś ź Ą Ś Ź (where Windows-1250 and ISO-8859-2 differ),
// an areas column, columns nobody reads.
const official = "Nazwa;Rodzaj;Województwo;TERYT;Obszary;Uwagi;Telefon\r\n" +
	"Urząd Gminy Łącko;gmina wiejska;małopolskie;1210052;P, N;pilne;18 444 61 00\r\n" +
	"Starostwo Powiatowe w Świdnicy;powiat;dolnośląskie;0219;p;;\r\n" +
	"Urząd Miasta Źródła;gmina miejska;świętokrzyskie;;;;\r\n"

func encode(t *testing.T, e encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestParseFormats reads the same list from every format officials send.
func TestParseFormats(t *testing.T) {
	tab := strings.ReplaceAll(official, ";", "\t")
	for _, tc := range []struct {
		name  string
		data  []byte
		enc   string
		delim rune
	}{
		{"Windows1250", encode(t, charmap.Windows1250, official), csvin.EncWin1250, ';'},
		{"ISO88592", encode(t, charmap.ISO8859_2, official), csvin.EncISO8859_2, ';'},
		{"UTF16LEBOMTabs", encode(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), tab), csvin.EncUTF16LE, '\t'},
		{"UTF8Tabs", []byte(tab), csvin.EncUTF8, '\t'},
		{"Fixture", readFixture(t, "jednostki-iso-8859-2.csv"), csvin.EncISO8859_2, ';'},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse(tc.data)
			if err != nil {
				t.Fatal(err)
			}
			if f.Encoding != tc.enc || f.Delimiter != tc.delim {
				t.Fatalf("read as %s %q, want %s %q", f.Encoding, f.Delimiter, tc.enc, tc.delim)
			}
			var names []string
			for _, r := range f.Rows {
				names = append(names, r.Unit.Name)
			}
			if !slices.Equal(names, []string{"Urząd Gminy Łącko", "Starostwo Powiatowe w Świdnicy", "Urząd Miasta Źródła"}) || f.Invalid() != 0 {
				t.Fatalf("names %q, rows %+v", names, f.Rows)
			}
			if f.Rows[2].Unit.Voivodeship != "świętokrzyskie" {
				t.Fatalf("voivodeship %q", f.Rows[2].Unit.Voivodeship)
			}
			if !f.HasAreas || !slices.Equal(f.Rows[0].Areas, []string{"P", "N"}) || !slices.Equal(f.Rows[1].Areas, []string{"P"}) || f.Rows[2].Areas != nil {
				t.Fatalf("areas %v %v %v", f.Rows[0].Areas, f.Rows[1].Areas, f.Rows[2].Areas)
			}
			if !slices.Equal(f.Ignored, []string{"Uwagi", "Telefon"}) {
				t.Fatalf("ignored %v", f.Ignored)
			}
		})
	}
}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestParseExtraField: a row with more fields than the header (a semicolon
// in a name without quotes) is an error at that row, the others are read.
func TestParseExtraField(t *testing.T) {
	data := "Nazwa;Rodzaj;Województwo;TERYT;Adres;E-mail\n" +
		"Urząd Gminy Zabierzów;gmina wiejska;małopolskie;;;\n" +
		"Urząd Gminy Nowe; Miasto;gmina wiejska;mazowieckie;;;\n" +
		"Starostwo Powiatowe w Miechowie;powiat;małopolskie;1208;;\n"
	f, err := Parse(encode(t, charmap.Windows1250, data))
	if err != nil {
		t.Fatal(err)
	}
	f.CheckDuplicates(nil)
	if len(f.Rows) != 3 || !f.Rows[0].OK() || f.Rows[1].OK() || !f.Rows[2].OK() || len(f.Valid()) != 2 {
		t.Fatalf("rows %+v", f.Rows)
	}
	const want = "Wiersz 3 ma 7 pól, a nagłówek 6: sprawdź, czy w nazwie nie ma średnika bez cudzysłowu"
	if r := f.Rows[1]; r.Line != 3 || !strings.HasPrefix(r.Errors["row"], want) || r.Unit.Name != "" {
		t.Fatalf("row 3 = %+v, want %q", r, want)
	}
}

func TestParseAmbiguous(t *testing.T) {
	// "Wąsosz" in Windows-1250 (0xB9) and "Oświęcim" in ISO-8859-2 (0xB6):
	// one of them is garbled whichever code page is chosen, so ask.
	data := []byte("Nazwa;Rodzaj;Wojew\xf3dztwo\nUrz\xb9d Gminy W\xb9sosz;gmina wiejska;podlaskie\nUrz\xb1d Miasta O\xb6wi\xeacim;gmina miejska;ma\xb3opolskie\n")
	_, err := Parse(data)
	var amb *csvin.ErrAmbiguous
	if !errors.As(err, &amb) || len(amb.Readings) != 2 || amb.Readings[0].Win1250 != "Urząd Gminy Wąsosz;gmina wiejska;podlaskie" ||
		amb.Readings[1].ISO88592 != "Urząd Miasta Oświęcim;gmina miejska;małopolskie" {
		t.Fatalf("err = %#v", err)
	}
	f, err := ParseEncoding(data, csvin.EncISO8859_2)
	if err != nil || f.Encoding != csvin.EncISO8859_2 || f.Rows[1].Unit.Name != "Urząd Miasta Oświęcim" || len(f.Readings) != 2 {
		t.Fatalf("chosen ISO-8859-2: %+v %v", f, err)
	}
}

func TestSplitAreas(t *testing.T) {
	for in, want := range map[string][]string{
		"":               nil,
		"P":              {"P"},
		" p , n ":        {"P", "N"},
		"P;N":            {"P", "N"},
		"ok zj\tP  ok":   {"OK", "ZJ", "P"},
		"obsługa,jakość": {"OBSŁUGA", "JAKOŚĆ"},
	} {
		if got := SplitAreas(in); !slices.Equal(got, want) {
			t.Errorf("SplitAreas(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAreasHeaderSpellings(t *testing.T) {
	for _, h := range []string{"Obszary", "obszar", "OBSZARY", " Obszar "} {
		f, err := Parse([]byte("Nazwa;Rodzaj;Województwo;" + h + "\nUrząd;powiat;opolskie;P\n"))
		if err != nil || !f.HasAreas || !slices.Equal(f.Rows[0].Areas, []string{"P"}) || len(f.Ignored) != 0 {
			t.Errorf("%q: %+v %v", h, f, err)
		}
	}
}

// TestCheckDuplicatesTERYT: the import refuses exactly the pairs
// domain.TERYTConflict refuses (the unit form's rule too).
func TestCheckDuplicatesTERYT(t *testing.T) {
	existing := []domain.Unit{
		{ID: 1, Name: "Starostwo Powiatowe w Kłodzku", Kind: domain.UnitPowiat, Voivodeship: "dolnośląskie", TERYT: "0208"},
		{ID: 2, Name: "Urząd Marszałkowski", Kind: domain.UnitWojewodztwo, Voivodeship: "dolnośląskie", TERYT: "02"},
	}
	data := "Nazwa;Rodzaj;Województwo;TERYT\n" +
		"Powiat Kłodzki bis;powiat;dolnośląskie;0208\n" + // taken by a powiat
		"Dolnośląski Urząd Wojewódzki;urząd wojewódzki;dolnośląskie;02\n" + // a government office may share it
		"Urząd Gminy Nowa;gmina wiejska;dolnośląskie;0202062\n" +
		"Urząd Gminy Nowa bis;gmina wiejska;dolnośląskie;0202062\n" + // repeats row 4
		"Delegatura;inny urząd administracji rządowej;dolnośląskie;0202062\n" // may share it
	f, err := Parse([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	f.CheckDuplicates(existing)
	for i, want := range []string{"Kod TERYT 0208 ma już jednostka „Starostwo Powiatowe w Kłodzku”", "", "", "Tamta jednostka jest w wierszu 4 tego pliku.", ""} {
		got := f.Rows[i].Errors["teryt"]
		if (want == "") != (got == "") || !strings.Contains(got, want) {
			t.Errorf("row %d: %q, want %q", f.Rows[i].Line, got, want)
		}
	}
}
