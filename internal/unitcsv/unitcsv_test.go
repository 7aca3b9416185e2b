package unitcsv

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"kaizen/internal/csvin"
	"kaizen/internal/domain"
)

const sample = "Nazwa;Rodzaj;Województwo;TERYT;Adres;E-mail\r\n" +
	"Urząd Miasta Kłodzko;gmina miejska;dolnośląskie;0208011;pl. Bolesława Chrobrego 1, 57-300 Kłodzko;um@klodzko.pl\r\n" +
	"Starostwo Powiatowe w Miechowie;powiat;małopolskie;1208;;\r\n"

func win1250(t *testing.T, s string) []byte {
	t.Helper()
	b, err := charmap.Windows1250.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseEncodingsAndDelimiters(t *testing.T) {
	comma := strings.ReplaceAll(sample, ";", ",")
	comma = strings.Replace(comma, "pl. Bolesława Chrobrego 1, 57-300 Kłodzko", `"pl. Bolesława Chrobrego 1, 57-300 Kłodzko"`, 1)
	for _, tc := range []struct {
		name string
		data []byte
		enc  string
		sep  rune
	}{
		{"UTF8Semicolon", []byte(sample), "UTF-8", ';'},
		{"UTF8BOM", append([]byte("\xef\xbb\xbf"), sample...), "UTF-8", ';'},
		{"Windows1250Semicolon", win1250(t, sample), "Windows-1250", ';'},
		{"UTF8Comma", []byte(comma), "UTF-8", ','},
		{"Windows1250Comma", win1250(t, comma), "Windows-1250", ','},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse(tc.data)
			if err != nil {
				t.Fatal(err)
			}
			if f.Encoding != tc.enc || f.Delimiter != tc.sep {
				t.Fatalf("encoding %s delimiter %q", f.Encoding, f.Delimiter)
			}
			if len(f.Rows) != 2 || f.Invalid() != 0 {
				t.Fatalf("rows %+v", f.Rows)
			}
			u := f.Rows[0].Unit
			if u.Name != "Urząd Miasta Kłodzko" || u.Kind != domain.UnitGminaMiejska || u.Voivodeship != "dolnośląskie" ||
				u.TERYT != "0208011" || u.Address != "pl. Bolesława Chrobrego 1, 57-300 Kłodzko" {
				t.Fatalf("unit = %+v", u)
			}
			if f.Rows[1].Unit.Kind != domain.UnitPowiat || f.Rows[1].Line != 3 {
				t.Fatalf("row 2 = %+v", f.Rows[1])
			}
		})
	}
}

func TestParseRowErrors(t *testing.T) {
	data := "nazwa;rodzaj;wojewodztwo;teryt\n" +
		";gmina miejska;dolnośląskie;\n" + // no name
		"Urząd X;zamek;dolnośląskie;\n" + // unknown kind
		"Urząd Y;gmina wiejska;mazowsze;\n" + // unknown voivodeship
		"Urząd Z;gmina wiejska;dolnośląskie;020201\n" + // 6 digits
		"Urząd W;gmina wiejska;dolnośląskie;0202016\n" + // kind digit 6
		"Urząd V;powiat;małopolskie;0208\n" + // wrong voivodeship prefix
		"Urząd U;gmina wiejska;dolnośląskie;0202062\n" +
		"Urząd T;gmina wiejska;dolnośląskie;0202062\n" // duplicate TERYT in file
	f, err := Parse([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	f.CheckDuplicates(nil)
	want := []string{"name", "kind", "voivodeship", "teryt", "teryt", "teryt", "", "teryt"}
	if len(f.Rows) != len(want) {
		t.Fatalf("%d rows", len(f.Rows))
	}
	for i, field := range want {
		r := f.Rows[i]
		if field == "" {
			if !r.OK() {
				t.Errorf("line %d: unexpected errors %v", r.Line, r.Errors)
			}
			continue
		}
		if r.Errors[field] == "" {
			t.Errorf("line %d: no error at %s (got %v)", r.Line, field, r.Errors)
		}
	}
	if len(f.Valid()) != 1 {
		t.Errorf("valid = %d", len(f.Valid()))
	}

	t.Run("ExistingUnits", func(t *testing.T) {
		f, _ := Parse([]byte("Nazwa,Rodzaj,Województwo,TERYT\nUrząd Miasta Kłodzko,gmina miejska,dolnośląskie,\nNowy,gmina wiejska,dolnośląskie,0202062\n"))
		f.CheckDuplicates([]domain.Unit{{Name: "Urząd Miasta Kłodzko", Voivodeship: "dolnośląskie"}, {Name: "Inny", TERYT: "0202062"}})
		if f.Rows[0].Errors["name"] == "" || f.Rows[1].Errors["teryt"] == "" {
			t.Fatalf("duplicates of existing units not found: %+v", f.Rows)
		}
	})
}

func TestParseFileErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		data string
		want string
	}{
		{"ErrEmpty", "", "pusty"},
		{"ErrMissingColumns", "Nazwa;Adres\nUrząd;ul. X\n", "brakuje kolumn: „Rodzaj”, „Województwo”"},
		{"ErrOnlyHeader", "Nazwa;Rodzaj;Województwo\n", "żadnych wierszy"},
		{"ErrBinary", "Nazwa;Rodzaj;Województwo\nA\x00;b;c\n", "binarne"},
		{"ErrBOMButNotUTF8", "\xef\xbb\xbfNazwa;Rodzaj;Wojew\xf3dztwo\n", "UTF-8"},
		{"ErrDuplicateColumn", "Nazwa;Nazwa;Rodzaj;Województwo\n", "dwa razy"},
		{"ErrTooBig", "Nazwa;Rodzaj;Województwo\n" + strings.Repeat("a;b;c\n", MaxBytes/6+1), "za duży"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.data))
			var fe *ErrFile
			if !errors.As(err, &fe) || !strings.Contains(fe.Msg, tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestWriteRoundTrip(t *testing.T) {
	units := []domain.Unit{
		{Name: "Urząd Miasta w Dzierżoniowie", Kind: domain.UnitGminaMiejska, Voivodeship: "dolnośląskie", Address: "Rynek 1; 58-200 Dzierżoniów", Email: "um@um.dzierzoniow.pl"},
		{Name: "Starostwo Powiatowe Kłodzko", Kind: domain.UnitPowiat, Voivodeship: "dolnośląskie", TERYT: "0208"},
		{Name: "Urząd Marszałkowski Województwa Dolnośląskiego", Kind: domain.UnitWojewodztwo, Voivodeship: "dolnośląskie", TERYT: "02"},
		{Name: "Lubuski Urząd Wojewódzki", Kind: domain.UnitUrzadWojewodzki, Voivodeship: "lubuskie"},
		{Name: "Izba Administracji Skarbowej", Kind: domain.UnitInnyRzadowy, Voivodeship: "mazowieckie"},
		{Name: "Urząd Gminy Zabierzów", Kind: domain.UnitGminaWiejska, Voivodeship: "małopolskie"},
		{Name: "Urząd Miasta Trzebinia", Kind: domain.UnitGminaMiejskoWiejska, Voivodeship: "małopolskie"},
	}
	var buf bytes.Buffer
	if err := Write(&buf, units); err != nil {
		t.Fatal(err)
	}
	f, err := Parse(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if f.Invalid() != 0 || len(f.Rows) != len(units) {
		t.Fatalf("round trip: %+v", f.Rows)
	}
	for i, r := range f.Rows {
		if r.Unit != units[i] {
			t.Errorf("row %d: %+v, want %+v", i, r.Unit, units[i])
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(sample))
	f.Add(win1250(&testing.T{}, sample))
	f.Add([]byte("Nazwa,Rodzaj,Województwo\n\"a,b\",powiat,opolskie\n"))
	f.Add([]byte("\xef\xbb\xbfNazwa;Rodzaj;Województwo\n\"niedomknięty;powiat;opolskie\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse(data)
		if err != nil {
			var fe *ErrFile
			var amb *csvin.ErrAmbiguous
			if !errors.As(err, &fe) && !errors.As(err, &amb) {
				t.Fatalf("error of an unexpected type: %v", err)
			}
			return
		}
		file.CheckDuplicates(nil)
		for _, u := range file.Valid() {
			if err := u.Validate(); err != nil {
				t.Fatalf("a valid row does not validate: %+v: %v", u, err)
			}
			if !utf8Valid(u.Name) {
				t.Fatalf("invalid UTF-8 in %q", u.Name)
			}
		}
	})
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\ufffd") == s }
