package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
)

var (
	fileNameRE = regexp.MustCompile(`name="file_name" value="([^"]*)"`)
	encodingRE = regexp.MustCompile(`<input type="hidden" name="encoding" value="([^"]*)"`)
)

func encodeCSV(t *testing.T, e encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestUnitImportFormats: the preview reads every format officials send,
// names what it reads and what it leaves out, and refuses with a message
// that says what to do.
func TestUnitImportFormats(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := app.LoginAs("koordynator")
	const text = "Nazwa;Rodzaj;Województwo;Obszary;Uwagi;Telefon\r\n" +
		"Urząd Gminy Ząbkowice Śląskie Próbne;gmina miejsko-wiejska;dolnośląskie;P N;pilne;74 816 52 00\r\n" +
		"Urząd Miasta Źrebce Próbne;gmina miejska;świętokrzyskie;;;\r\n"
	for _, tc := range []struct {
		name string
		data []byte
		want []string
	}{
		{"Windows1250", encodeCSV(t, charmap.Windows1250, text), []string{"Kodowanie: Windows-1250, plik rozdzielany średnikami."}},
		{"ISO88592", encodeCSV(t, charmap.ISO8859_2, text), []string{"Kodowanie: ISO-8859-2, plik rozdzielany średnikami."}},
		{"UTF16LETabs", encodeCSV(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), strings.ReplaceAll(text, ";", "\t")),
			[]string{"Kodowanie: UTF-16LE („Tekst Unicode” z Excela), plik rozdzielany tabulatorami."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := upload(t, c, tc.data)
			if r.StatusCode != http.StatusOK {
				t.Fatalf("preview: %d\n%s", r.StatusCode, r.Body)
			}
			for _, want := range append(tc.want, "Urząd Gminy Ząbkowice Śląskie Próbne", "Urząd Miasta Źrebce Próbne", "świętokrzyskie",
				"Pominięto kolumny: <strong>Uwagi, Telefon, Obszary (używane tylko przy imporcie do programu)</strong>", "Wierszy poprawnych: <strong>2</strong>") {
				if !strings.Contains(r.Body, want) {
					t.Errorf("preview lacks %q", want)
				}
			}
		})
	}

	t.Run("ErrExtraField", func(t *testing.T) {
		data := "Nazwa;Rodzaj;Województwo;TERYT;Adres;E-mail\n" +
			"Urząd Gminy Nowe; Miasto;gmina wiejska;mazowieckie;;;\n" +
			"Urząd Gminy Jedyna Próbna;gmina wiejska;mazowieckie;;;\n"
		r := upload(t, c, encodeCSV(t, charmap.ISO8859_2, data))
		if r.StatusCode != 422 || !strings.Contains(r.Body, "Wiersz 2 ma 7 pól, a nagłówek 6: sprawdź, czy w nazwie nie ma średnika bez cudzysłowu") ||
			!strings.Contains(r.Body, "Zapisz poprawne wiersze (1)") {
			t.Fatalf("status %d\n%s", r.StatusCode, r.Body)
		}
	})
	for name, tc := range map[string]struct{ data, want string }{
		"ErrGarbled":      {"Nazwa;Rodzaj;Województwo\n\x81\x90;powiat;opolskie\n", "zapisz go w Excelu jako „CSV UTF-8"},
		"ErrBinary":       {"PK\x03\x04\x00\x00\x08\x00", "zapisz jako „CSV UTF-8"},
		"ErrBrokenUTF16":  {"\xff\xfeN\x00\x00\xd8", "zapisz go ponownie w Excelu jako „Tekst Unicode”"},
		"ErrMissingField": {"Nazwa\tAdres\nUrząd\tul. Długa 1\n", "Dopisz je w pierwszym wierszu pliku"},
	} {
		t.Run(name, func(t *testing.T) {
			r := upload(t, c, []byte(tc.data))
			if r.StatusCode != 422 || !strings.Contains(r.Body, tc.want) || !strings.Contains(r.Body, `data-testid="import-error"`) {
				t.Fatalf("status %d, want 422 with %q\n%s", r.StatusCode, tc.want, r.Body)
			}
		})
	}
}

// TestUnitImportEncodingChoice: a file that reads as Polish in both code
// pages is not guessed: the user sees both readings, chooses, sees the
// preview in that encoding and saves it; nothing garbled is saved.
func TestUnitImportEncodingChoice(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := app.LoginAs("koordynator")
	// "Wąsosz" in Windows-1250 (ą = 0xB9), "Oświęcim" in ISO-8859-2 (ś = 0xB6).
	data := []byte("Nazwa;Rodzaj;Wojew\xf3dztwo\nUrz\xb9d Gminy W\xb9sosz Pr\xf3bny;gmina wiejska;podlaskie\nUrz\xb1d Miasta O\xb6wi\xeacim Pr\xf3bny;gmina miejska;ma\xb3opolskie\n")
	r := upload(t, c, data)
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `data-testid="encoding-choice"`) || strings.Contains(r.Body, `data-testid="import-preview"`) {
		t.Fatalf("question: %d\n%s", r.StatusCode, r.Body)
	}
	for _, want := range []string{"Urząd Gminy Wąsosz Próbny", "Urzšd Gminy Wšsosz Próbny", "Urz±d Miasta O¶więcim Próbny", "Urząd Miasta Oświęcim Próbny",
		`type="radio" id="f-encoding-0" name="encoding" value="Windows-1250"`, `name="encoding" value="ISO-8859-2"`} {
		if !strings.Contains(html.UnescapeString(r.Body), want) {
			t.Errorf("question lacks %q", want)
		}
	}
	m, fn := dataRE.FindStringSubmatch(r.Body), fileNameRE.FindStringSubmatch(r.Body)
	if m == nil || fn == nil || fn[1] != "jednostki.csv" {
		t.Fatal("the choice does not carry the file")
	}
	before, _ := app.Store.ListUnits(t.Context())

	// Confirming without a choice asks again and saves nothing.
	if r := c.Post("/units/import/confirm", url.Values{"data": {m[1]}}); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `data-testid="encoding-choice"`) {
		t.Fatalf("confirm without a choice: %d", r.StatusCode)
	}
	r = c.Post("/units/import", url.Values{"data": {m[1]}, "file_name": {fn[1]}, "encoding": {"ISO-8859-2"}})
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "Kodowanie: ISO-8859-2") || !strings.Contains(r.Body, "Urząd Miasta Oświęcim Próbny") ||
		!strings.Contains(r.Body, "Podgląd: jednostki.csv") || !strings.Contains(r.Body, "tak jak wybrano") {
		t.Fatalf("preview in the chosen encoding: %d\n%s", r.StatusCode, r.Body)
	}
	if e := encodingRE.FindStringSubmatch(r.Body); e == nil || e[1] != "ISO-8859-2" {
		t.Fatalf("the confirmation does not carry the choice: %v", e)
	}
	m = dataRE.FindStringSubmatch(r.Body)
	if r := c.Post("/units/import/confirm", url.Values{"data": {m[1]}, "encoding": {"ISO-8859-2"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: %d\n%s", r.StatusCode, r.Body)
	}
	after, _ := app.Store.ListUnits(t.Context())
	var names []string
	for _, u := range after {
		if strings.HasSuffix(u.Name, "Próbny") {
			names = append(names, u.Name)
		}
	}
	slices.Sort(names)
	if len(after) != len(before)+2 || !slices.Equal(names, []string{"Urząd Miasta Oświęcim Próbny", "Urzšd Gminy Wšsosz Próbny"}) {
		t.Fatalf("saved %q (%d → %d)", names, len(before), len(after))
	}
}

// TestTERYTSameInFormAndImport: the unit form and the CSV import accept and
// refuse the same pairs of units with one TERYT code, with one message.
func TestTERYTSameInFormAndImport(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := app.LoginAs("admin")
	type unit struct {
		kind        domain.UnitKind
		label, woj  string
		teryt, name string
	}
	for _, tc := range []struct {
		existing, candidate unit
		refused             bool
	}{
		{unit{domain.UnitPowiat, "powiat", "opolskie", "1601", "Starostwo Próbne 1601"}, unit{domain.UnitPowiat, "powiat", "opolskie", "1601", "Powiat Drugi 1601"}, true},
		{unit{domain.UnitWojewodztwo, "województwo", "opolskie", "16", "Marszałek Próbny 16"}, unit{domain.UnitUrzadWojewodzki, "urząd wojewódzki", "opolskie", "16", "Opolski Urząd Wojewódzki Próbny"}, false},
		{unit{domain.UnitUrzadWojewodzki, "urząd wojewódzki", "lubuskie", "08", "Lubuski UW Próbny"}, unit{domain.UnitUrzadWojewodzki, "urząd wojewódzki", "lubuskie", "08", "Lubuski UW Delegatura"}, false},
		{unit{domain.UnitInnyRzadowy, "inny urząd administracji rządowej", "podlaskie", "2003", "Izba Próbna 2003"}, unit{domain.UnitPowiat, "powiat", "podlaskie", "2003", "Starostwo Próbne 2003"}, false},
		{unit{domain.UnitGminaWiejska, "gmina wiejska", "pomorskie", "2201012", "Gmina Próbna 2201012"}, unit{domain.UnitGminaMiejska, "gmina miejska", "pomorskie", "2201012", "Miasto Próbne 2201012"}, true},
		{unit{domain.UnitPowiat, "powiat", "pomorskie", "2202", "Starostwo Próbne 2202"}, unit{domain.UnitInnyRzadowy, "inny urząd administracji rządowej", "pomorskie", "2202", "Urząd Skarbowy Próbny 2202"}, false},
	} {
		e := domain.Unit{Name: tc.existing.name, Kind: tc.existing.kind, Voivodeship: tc.existing.woj, TERYT: tc.existing.teryt}
		if err := app.Store.CreateUnit(t.Context(), domain.Actor{Username: "test"}, &e); err != nil {
			t.Fatal(err)
		}
		cand := domain.Unit{Name: tc.candidate.name, Kind: tc.candidate.kind, Voivodeship: tc.candidate.woj, TERYT: tc.candidate.teryt}
		msg := domain.TERYTConflict(cand, e)
		if (msg != "") != tc.refused {
			t.Fatalf("%s: the rule says %q", cand.Name, msg)
		}
		imp := upload(t, c, []byte("Nazwa;Rodzaj;Województwo;TERYT\n"+cand.Name+";"+tc.candidate.label+";"+cand.Voivodeship+";"+cand.TERYT+"\n"))
		form := c.Post("/units", url.Values{"name": {cand.Name}, "kind": {string(cand.Kind)}, "voivodeship": {cand.Voivodeship}, "teryt": {cand.TERYT}})
		if tc.refused {
			if imp.StatusCode != 422 || !strings.Contains(imp.Body, msg) {
				t.Errorf("%s: the import does not refuse it with %q (%d)", cand.Name, msg, imp.StatusCode)
			}
			if form.StatusCode != 422 || !strings.Contains(form.Body, msg) || !strings.Contains(form.Body, `id="f-teryt-error"`) {
				t.Errorf("%s: the form does not refuse it with %q (%d)", cand.Name, msg, form.StatusCode)
			}
		} else {
			if imp.StatusCode != http.StatusOK || !strings.Contains(imp.Body, "Wierszy poprawnych: <strong>1</strong>") {
				t.Errorf("%s: the import refuses it (%d)\n%s", cand.Name, imp.StatusCode, imp.Body)
			}
			if form.StatusCode != http.StatusSeeOther {
				t.Errorf("%s: the form refuses it (%d)", cand.Name, form.StatusCode)
			}
		}
	}
}

// TestAttendanceImportFormats: the attendance import reads the same
// formats, names ignored columns, refuses longer rows at their line, and
// asks for the code page keeping the legal-basis fields.
func TestAttendanceImportFormats(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	prog, training, leader, _ := demoIDs(t, app)
	sess, _ := evidenceFixture(t, app, prog, training, leader)
	x, _ := app.Store.Session(t.Context(), prog, sess)
	base := "/programmes/" + itoa(prog) + "/sessions/" + itoa(sess)
	c := app.LoginAs("koordynator")
	d1, d2 := x.Days[0].Format("2006-01-02"), x.Days[1].Format("2006-01-02")
	consent := map[string]string{"legal_basis": "consent", "basis_date": d1, "retention_until": demoDate(t, app, 100, 0)}
	post := func(file []byte) *testapp.Response {
		return postMultipart(c, base+"/import", formOf(consent), "obecnosc.csv", file)
	}
	text := "Imię;Nazwisko;Jednostka;Płeć;Telefon;" + d1 + ";" + d2 + "\r\n" +
		"Świętosław;Kąś;Urząd Miasta Bielawa;M;600 100 200;1;0\r\n"

	t.Run("UTF16LETabs", func(t *testing.T) {
		r := post(encodeCSV(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), strings.ReplaceAll(text, ";", "\t")))
		if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "plik rozdzielany tabulatorami") || !strings.Contains(r.Body, "Świętosław Kąś") ||
			!strings.Contains(r.Body, "Pominięto kolumny: <strong>Telefon</strong>") {
			t.Fatalf("preview: %d\n%s", r.StatusCode, r.Body)
		}
	})
	t.Run("ISO88592", func(t *testing.T) {
		r := post(encodeCSV(t, charmap.ISO8859_2, text))
		if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "Kodowanie: ISO-8859-2") || !strings.Contains(r.Body, "Świętosław Kąś") {
			t.Fatalf("preview: %d\n%s", r.StatusCode, r.Body)
		}
	})
	t.Run("ErrExtraField", func(t *testing.T) {
		long := text + "Anna;Nowak;Urząd Miasta Bielawa;K;600; 700;1;1\r\n"
		r := post(encodeCSV(t, charmap.Windows1250, long))
		if r.StatusCode != 422 || !strings.Contains(r.Body, "Wiersz 3 ma 8 pól, a nagłówek 7: sprawdź, czy w nazwie nie ma średnika bez cudzysłowu") {
			t.Fatalf("preview: %d\n%s", r.StatusCode, r.Body)
		}
	})
	t.Run("EncodingChoice", func(t *testing.T) {
		// Ą (0xA1) and ą (0xB1) in ISO-8859-2, ą (0xB9) in Windows-1250.
		data := []byte("Imi\xea;Nazwisko;Jednostka;P\xb3e\xe6;" + d1 + ";" + d2 + "\n\xa1gata;W\xb9sik;Urz\xb1d Miasta Bielawa;K;1;1\n")
		r := post(data)
		if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `data-testid="encoding-choice"`) || !strings.Contains(r.Body, `name="retention_until" value="`+consent["retention_until"]+`"`) {
			t.Fatalf("question: %d\n%s", r.StatusCode, r.Body)
		}
		m := dataRE.FindStringSubmatch(r.Body)
		form := url.Values{"data": {m[1]}, "encoding": {"ISO-8859-2"}}
		for k, v := range consent {
			form.Set(k, v)
		}
		r = c.Post(base+"/import", form)
		if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "Kodowanie: ISO-8859-2") || !strings.Contains(r.Body, "Ągata Wšsik") {
			t.Fatalf("preview in ISO-8859-2: %d\n%s", r.StatusCode, r.Body)
		}
		if e := encodingRE.FindStringSubmatch(r.Body); e == nil || e[1] != "ISO-8859-2" {
			t.Fatalf("the confirmation does not carry the choice: %v", e)
		}
		form.Set("encoding", "Windows-1250")
		if r := c.Post(base+"/import", form); !strings.Contains(r.Body, "ˇgata Wąsik") || !strings.Contains(r.Body, "nie uczestniczy w programie") {
			t.Fatalf("preview in Windows-1250: %d\n%s", r.StatusCode, r.Body)
		}
	})
}
