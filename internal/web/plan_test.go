package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
	"kaizen/web/pages"
)

func merge(base url.Values, kv ...string) url.Values {
	f := url.Values{}
	for k, v := range base {
		f[k] = append([]string(nil), v...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		f.Set(kv[i], kv[i+1])
	}
	return f
}

var programmeForm = url.Values{
	"code": {"KPRM-5.1"}, "title": {"Klient w centrum uwagi administracji"}, "funding_line": {"PO KL, Działanie 5.1"},
	"contractor": {"Kancelaria Prezesa Rady Ministrów"}, "start": {"2010-08-01"}, "end": {"31.03.2012"}, "budget": {"7 540 000,00"},
	"general_goal": {"Usprawnienie pracy urzędów"}, "specific_goals": {"podniesienie świadomości\nwzrost satysfakcji klientów"},
	"phase_name": {"przygotowawcza", "", "wdrożeniowa"}, "phase_start": {"2010-08-01", "", "2010-11-01"}, "phase_end": {"2010-10-31", "", "2012-03-31"},
	"component_code": {"Z1", ""}, "component_name": {"Zarządzanie satysfakcją klienta", ""},
	"area_code": {"OK", "ZJ"}, "area_name": {"obsługa klienta", "zarządzanie jakością"},
}

var idInPath = regexp.MustCompile(`/programmes/(\d+)`)

func TestProgrammeForms(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := app.LoginAs("koordynator")

	for _, tc := range []struct {
		name  string
		form  url.Values
		field string
		msg   string
	}{
		{"ErrCodeEmpty", merge(programmeForm, "code", ""), "code", "Podaj kod programu."},
		{"ErrCodeTaken", merge(programmeForm, "code", "POKL-5.2.1-DZ"), "code", "już istnieje"},
		{"ErrEndBeforeStart", merge(programmeForm, "end", "2009-12-31"), "end", "nie może być wcześniejsza"},
		{"ErrBadDate", merge(programmeForm, "start", "32.13.2010"), "start", "poprawną datę"},
		{"ErrBudget", merge(programmeForm, "budget", "dużo"), "budget", "Podaj liczbę"},
		{"ErrBudgetNegative", merge(programmeForm, "budget", "-5"), "budget", "ujemny"},
		{"ErrPhaseOutside", merge(programmeForm, "phase_end", "2013-01-01"), "phases.0.end", "mieścić się w okresie"},
		{"ErrLeaderUnknown", merge(programmeForm, "leader", "999999"), "leader", "nie istnieje"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.Post("/programmes", tc.form)
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", r.StatusCode)
			}
			if !strings.Contains(r.Body, `id="f-`+tc.field+`-error"`) || !strings.Contains(r.Body, tc.msg) {
				t.Fatalf("no message %q at %s\n%s", tc.msg, tc.field, r.Body)
			}
			if !strings.Contains(r.Body, "Klient w centrum uwagi administracji") {
				t.Fatal("typed title lost")
			}
		})
	}

	r := c.Post("/programmes", programmeForm)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", r.StatusCode, r.Body)
	}
	loc := r.Header.Get("Location")
	page := c.Get(loc)
	for _, want := range []string{"Klient w centrum uwagi administracji", "7 540 000,00 zł", "01.08.2010 – 31.03.2012", "wdrożeniowa", "wzrost satysfakcji klientów"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("overview lacks %q", want)
		}
	}
	id := idInPath.FindStringSubmatch(loc)[1]

	t.Run("Task", func(t *testing.T) {
		task := url.Values{"code": {"Z1"}, "name": {"standardy zarządzania satysfakcją"}, "area": {""}, "kind": {"standards"},
			"plan_units": {"6", "1"}, "plan_days": {"8", "20"}, "product_letter": {"a", "b", "c"}, "product_name": {"katalog usług", "badanie satysfakcji", ""}}
		for _, tc := range []struct {
			name, field, msg string
			form             url.Values
		}{
			{"ErrZeroUnits", "plan.0.units", "większa od zera", merge(task, "plan_units", "0")},
			{"ErrNotANumber", "plan.0.days", "liczbę całkowitą", merge(task, "plan_days", "osiem")},
			{"ErrKind", "kind", "Wybierz rodzaj", merge(task, "kind", "zły")},
			{"ErrMeetingsWithoutCount", "meetings_planned", "liczbę spotkań", merge(task, "kind", "meetings")},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := c.Post("/programmes/"+id+"/tasks", tc.form)
				if r.StatusCode != 422 || !strings.Contains(r.Body, `id="f-`+tc.field+`-error"`) || !strings.Contains(r.Body, tc.msg) {
					t.Fatalf("status %d, want 422 with %q at %s\n%s", r.StatusCode, tc.msg, tc.field, r.Body)
				}
			})
		}
		if r := c.Post("/programmes/"+id+"/tasks", task); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("create task: %d\n%s", r.StatusCode, r.Body)
		}
		if r := c.Post("/programmes/"+id+"/tasks", task); r.StatusCode != 422 || !strings.Contains(r.Body, "już jest w programie") {
			t.Fatalf("duplicate task: %d", r.StatusCode)
		}
		page := c.Get("/programmes/" + id)
		if !strings.Contains(page.Body, "6 × 8 + 1 × 20") || !strings.Contains(page.Body, "a) katalog usług; b) badanie satysfakcji") {
			t.Fatalf("task not on the overview:\n%s", page.Body)
		}
	})

	t.Run("Training", func(t *testing.T) {
		tr := url.Values{"code": {"S1"}, "topic": {"standardy obsługi klienta"}, "area": {""}, "groups_planned": {"10"}, "days_per_group": {"2"}}
		if r := c.Post("/programmes/"+id+"/trainings", merge(tr, "groups_planned", "0")); r.StatusCode != 422 || !strings.Contains(r.Body, "Liczba grup musi być większa od zera.") {
			t.Fatalf("zero groups: %d", r.StatusCode)
		}
		if r := c.Post("/programmes/"+id+"/trainings", tr); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("create training: %d", r.StatusCode)
		}
		if r := c.Post("/programmes/"+id+"/trainings", tr); r.StatusCode != 422 || !strings.Contains(r.Body, "Szkolenie o tym kodzie już jest w programie.") {
			t.Fatalf("duplicate training: %d", r.StatusCode)
		}
		page := c.Get("/programmes/" + id)
		if !strings.Contains(page.Body, `data-testid="training-days-total">20<`) {
			t.Fatal("training days total is not 10 × 2 = 20")
		}
	})

	t.Run("Indicator", func(t *testing.T) {
		in := url.Values{"number": {"1"}, "name": {"Liczba urzędów z katalogiem usług"}, "type": {"result"}, "target": {"100"},
			"rule": {"units_with_accepted_protocol"}, "rule_area": {"OK"}}
		// P is no area of this programme (it has OK and ZJ)
		if r := c.Post("/programmes/"+id+"/indicators", merge(in, "rule_area", "P")); r.StatusCode != 422 || !strings.Contains(r.Body, `id="f-rule_area-error"`) || !strings.Contains(r.Body, "Wybierz obszar z listy.") {
			t.Fatalf("rule with an area of no programme: %d\n%s", r.StatusCode, r.Body)
		}
		if r := c.Post("/programmes/"+id+"/indicators", merge(in, "target", "0")); r.StatusCode != 422 || !strings.Contains(r.Body, "większa od zera") {
			t.Fatalf("zero target: %d", r.StatusCode)
		}
		if r := c.Post("/programmes/"+id+"/indicators", in); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("create indicator: %d\n%s", r.StatusCode, r.Body)
		}
		// no area: all the programme's areas
		if r := c.Post("/programmes/"+id+"/indicators", merge(merge(in, "rule_area", ""), "number", "2")); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("create indicator of all areas: %d\n%s", r.StatusCode, r.Body)
		}
	})
}

func TestOverviewHidesContactsFromViewers(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	progs, _ := app.Store.Programmes(t.Context())
	path := "/programmes/" + itoa(progs[0].ID)
	if r := app.LoginAs("koordynator").Get(path); !strings.Contains(r.Body, "Osoby do kontaktu") {
		t.Fatal("coordinator does not see contacts")
	}
	for _, who := range []string{"obserwator", "kierownik"} {
		r := app.LoginAs(who).Get(path)
		if r.StatusCode != 200 || strings.Contains(r.Body, "Osoby do kontaktu") || strings.Contains(r.Body, "Edytuj dane programu") {
			t.Fatalf("%s sees contacts or edit links", who)
		}
	}
}

func upload(t *testing.T, c *testapp.Client, data []byte) *testapp.Response {
	t.Helper()
	return postMultipart(c, "/units/import", nil, "jednostki.csv", data)
}

var dataRE = regexp.MustCompile(`name="data" value="([^"]+)"`)

func TestUnitImport(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := app.LoginAs("koordynator")
	csv := "Nazwa;Rodzaj;Województwo;TERYT;Adres;E-mail\r\n" +
		"Urząd Gminy Łącko;gmina wiejska;małopolskie;;Łącko 445;\r\n" +
		"Starostwo Powiatowe w Żywcu;powiat;śląskie;2417;;\r\n" +
		"Urząd Miasta Bielawa;gmina miejska;dolnośląskie;;;\r\n" // already there
	data, err := charmap.Windows1250.NewEncoder().Bytes([]byte(csv))
	if err != nil {
		t.Fatal(err)
	}
	r := upload(t, c, data)
	if r.StatusCode != 422 { // one row has an error
		t.Fatalf("preview: %d\n%s", r.StatusCode, r.Body)
	}
	for _, want := range []string{"Windows-1250", "średnik", "Urząd Gminy Łącko", "Starostwo Powiatowe w Żywcu", "Ta jednostka już jest w systemie", "Nic jeszcze nie zapisano"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	before, _ := app.Store.ListUnits(t.Context())
	m := dataRE.FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatal("no confirmation form")
	}
	r = c.Post("/units/import/confirm", url.Values{"data": {m[1]}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: %d\n%s", r.StatusCode, r.Body)
	}
	after, _ := app.Store.ListUnits(t.Context())
	if len(after) != len(before)+2 {
		t.Fatalf("units %d → %d, want +2", len(before), len(after))
	}
	if page := c.Get("/units"); !strings.Contains(page.Body, "Zapisano 2 jednostki z pliku. Pominięto wierszy z błędami: 1.") {
		t.Fatal("no confirmation message")
	}

	t.Run("ErrMissingColumns", func(t *testing.T) {
		r := upload(t, c, []byte("Nazwa,Adres\nUrząd,ul. Długa 1\n"))
		if r.StatusCode != 422 || !strings.Contains(r.Body, "brakuje kolumn") {
			t.Fatalf("status %d", r.StatusCode)
		}
	})
	t.Run("ErrNoFile", func(t *testing.T) {
		if r := c.Post("/units/import", nil); r.StatusCode != 422 || !strings.Contains(r.Body, "Wybierz plik CSV") {
			t.Fatalf("status %d", r.StatusCode)
		}
	})
	t.Run("ErrConfirmGarbage", func(t *testing.T) {
		if r := c.Post("/units/import/confirm", url.Values{"data": {"!!!"}}); r.StatusCode != 422 {
			t.Fatalf("status %d", r.StatusCode)
		}
	})
	t.Run("Export", func(t *testing.T) {
		r := c.Get("/units/export.csv")
		if r.StatusCode != 200 || !strings.HasPrefix(r.Body, "\ufeffNazwa;Rodzaj;Województwo;TERYT;Adres;E-mail") || !strings.Contains(r.Body, "Starostwo Powiatowe w Żywcu;powiat;śląskie;2417") {
			t.Fatalf("export:\n%.300s", r.Body)
		}
	})
}

func TestUnitForm(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := app.LoginAs("admin")
	u := url.Values{"name": {"Urząd Gminy Łagiewniki Nowe"}, "kind": {"gmina_wiejska"}, "voivodeship": {"dolnośląskie"}, "teryt": {"0202062"}}
	for _, tc := range []struct {
		name, field, msg string
		form             url.Values
	}{
		{"ErrTERYTShort", "teryt", "7 cyfr", merge(u, "teryt", "02020")},
		{"ErrTERYTLetters", "teryt", "samych cyfr", merge(u, "teryt", "02O2062")},
		{"ErrTERYTTaken", "teryt", "Kod TERYT 0208 ma już jednostka „Starostwo Powiatowe Kłodzko”", merge(u, "teryt", "0208", "kind", "powiat")},
		{"ErrVoivodeship", "voivodeship", "Wybierz województwo", merge(u, "voivodeship", "Śląsk")},
		{"ErrEmail", "email", "poprawny adres e-mail", merge(u, "email", "sekretariat(at)gmina.pl")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.Post("/units", tc.form)
			if r.StatusCode != 422 || !strings.Contains(r.Body, `id="f-`+tc.field+`-error"`) || !strings.Contains(r.Body, tc.msg) {
				t.Fatalf("status %d, want 422 with %q\n%s", r.StatusCode, tc.msg, r.Body)
			}
			if !strings.Contains(r.Body, "Urząd Gminy Łagiewniki Nowe") {
				t.Fatal("typed name lost")
			}
		})
	}
	if r := c.Post("/units", u); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", r.StatusCode)
	}
}

func TestUnitList(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	ctx := context.Background()
	for i := range 70 {
		u := &domain.Unit{Name: fmt.Sprintf("Gmina Stronicowa %02d", i), Kind: domain.UnitGminaWiejska, Voivodeship: "opolskie"}
		if err := app.Store.CreateUnit(ctx, domain.Actor{Username: "test"}, u); err != nil {
			t.Fatal(err)
		}
	}
	c := app.LoginAs("obserwator")
	page := c.Get("/units?q=Stronicowa")
	if page.StatusCode != 200 || !strings.Contains(page.Body, "z 70") || !strings.Contains(page.Body, `rel="next"`) ||
		strings.Count(page.Body, "Gmina Stronicowa") != pages.UnitsPerPage {
		t.Fatalf("first page: %d\n%s", page.StatusCode, page.Body)
	}
	second := c.Get("/units?q=Stronicowa&od=50")
	if !strings.Contains(second.Body, "Gmina Stronicowa 69") || strings.Contains(second.Body, "Gmina Stronicowa 49<") || !strings.Contains(second.Body, `rel="prev"`) {
		t.Fatalf("second page:\n%s", second.Body)
	}
	// The filter is kept in the form and in the page links.
	found := c.Get("/units?q=stronicowa+6&woj=opolskie&rodzaj=gmina_wiejska")
	if strings.Count(found.Body, "Gmina Stronicowa 6") != 10 || !strings.Contains(found.Body, `value="stronicowa 6"`) || !strings.Contains(found.Body, `value="opolskie" selected`) {
		t.Fatalf("filtered:\n%s", found.Body)
	}
	for _, path := range []string{"/units?q=Kraków", "/units?woj=Atlantyda&rodzaj=zamek&od=-5", "/units?od=99999999999", "/units?q=%25%27%22%3Cb%3E"} {
		r := c.Get(path)
		if r.StatusCode != 200 {
			t.Errorf("%s: %d", path, r.StatusCode)
		}
	}
	if r := c.Get("/units?q=Krak%C3%B3w"); !strings.Contains(r.Body, "Żadna jednostka nie pasuje") {
		t.Errorf("no match message missing:\n%s", r.Body)
	}
	if r := c.Get("/units?od=500"); !strings.Contains(r.Body, "Ta strona listy jest pusta") || !strings.Contains(r.Body, `rel="prev"`) {
		t.Errorf("past the end:\n%s", r.Body)
	}
}
