package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
	"kaizen/web/pages"
)

func TestProgrammeAreasForm(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := app.LoginAs("koordynator")
	count := func() int {
		progs, err := app.Store.Programmes(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		return len(progs)
	}
	before := count()

	t.Run("ErrDuplicateAreaCode", func(t *testing.T) {
		form := merge(programmeForm, "code", "KPRM-DUP")
		form["area_code"] = []string{"OK", "ok"}
		r := c.Post("/programmes", form)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="f-areas.1.code-error"`) || !strings.Contains(r.Body, "kody obszarów muszą być różne") {
			t.Fatalf("status %d\n%s", r.StatusCode, r.Body)
		}
		if !strings.Contains(r.Body, "Klient w centrum uwagi administracji") || !strings.Contains(r.Body, `value="zarządzanie jakością"`) {
			t.Fatal("typed values lost")
		}
	})
	t.Run("AddRowKeepsTyping", func(t *testing.T) {
		form := merge(programmeForm, "code", "KPRM-ROWS", "add_row", "areas")
		r := c.Post("/programmes", form)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("status %d", r.StatusCode)
		}
		// OK, ZJ and the new empty row
		if !strings.Contains(r.Body, `id="f-areas.2.code"`) || strings.Contains(r.Body, `id="f-areas.3.code"`) {
			t.Fatalf("rows of areas:\n%s", r.Body)
		}
		if !strings.Contains(r.Body, `value="KPRM-ROWS"`) || !strings.Contains(r.Body, `value="obsługa klienta"`) || !strings.Contains(r.Body, "wzrost satysfakcji klientów") {
			t.Fatal("typed values lost")
		}
		// the same for components
		r = c.Post("/programmes", merge(programmeForm, "add_row", "components"))
		if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `id="f-components.2.code"`) {
			t.Fatalf("component rows: %d", r.StatusCode)
		}
	})
	t.Run("RemoveRow", func(t *testing.T) {
		r := c.Post("/programmes", merge(programmeForm, "remove_row", "areas.0"))
		if r.StatusCode != http.StatusOK || strings.Contains(r.Body, `value="obsługa klienta"`) || !strings.Contains(r.Body, `value="zarządzanie jakością"`) {
			t.Fatalf("status %d\n%s", r.StatusCode, r.Body)
		}
		r = c.Post("/programmes", merge(programmeForm, "remove_row", "phases.0"))
		if r.StatusCode != http.StatusOK || strings.Contains(r.Body, `value="przygotowawcza"`) || !strings.Contains(r.Body, `value="wdrożeniowa"`) {
			t.Fatalf("phases: status %d", r.StatusCode)
		}
	})
	if n := count(); n != before {
		t.Fatalf("programmes %d, want %d: a row button saved", n, before)
	}

	t.Run("ErrAreaInUse", func(t *testing.T) {
		p := app.DemoProgramme(t)
		form := url.Values(pages.ProgrammeValues(p))
		form["area_code"] = []string{"P"}
		form["area_name"] = []string{"podatki"}
		form.Set("title", "Zmieniony tytuł")
		r := c.Post("/programmes/"+strconv.FormatInt(p.ID, 10), form)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="f-areas.1.code-error"`) ||
			!strings.Contains(r.Body, "Obszar N jest używany (jednostki: ") || !strings.Contains(r.Body, "nie można go usunąć") {
			t.Fatalf("status %d\n%s", r.StatusCode, r.Body)
		}
		if !strings.Contains(r.Body, `id="f-areas.1.code" name="area_code" type="text" value="N"`) || !strings.Contains(r.Body, `>Zmieniony tytuł</textarea>`) {
			t.Fatalf("the area's row is not shown again with the typed values:\n%s", r.Body)
		}
		again, err := app.Store.Programme(t.Context(), p.ID)
		if err != nil || again.Title != p.Title || len(again.Areas) != 2 || again.Areas[0].Name != p.Areas[0].Name {
			t.Fatalf("saved: %+v, %v", again, err)
		}
	})

	t.Run("TaskFormRows", func(t *testing.T) {
		p := app.DemoProgramme(t)
		tasks, _ := app.Store.Tasks(t.Context(), p.ID)
		task := url.Values{"code": {"K9"}, "name": {"nowe zadanie"}, "kind": {"process"}, "plan_units": {"6", "1"}, "plan_days": {"8", "20"},
			"product_letter": {"a", "b", "c"}, "product_name": {"katalog", "", "standard"}}
		r := c.Post("/programmes/"+strconv.FormatInt(p.ID, 10)+"/tasks", merge(task, "add_row", "plan"))
		if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `id="f-plan.3.units"`) || !strings.Contains(r.Body, `value="nowe zadanie"`) {
			t.Fatalf("add a plan line: %d", r.StatusCode)
		}
		r = c.Post("/programmes/"+strconv.FormatInt(p.ID, 10)+"/tasks", merge(task, "remove_row", "products.0"))
		if r.StatusCode != http.StatusOK || strings.Contains(r.Body, `value="katalog"`) || !strings.Contains(r.Body, `value="standard"`) {
			t.Fatalf("remove a product: %d", r.StatusCode)
		}
		if again, _ := app.Store.Tasks(t.Context(), p.ID); len(again) != len(tasks) {
			t.Fatal("a row button saved the task")
		}
	})
	t.Run("OverviewShowsAreasAndComponents", func(t *testing.T) {
		p := app.DemoProgramme(t)
		page := c.Get("/programmes/" + strconv.FormatInt(p.ID, 10))
		for _, want := range []string{"<strong>P</strong> – podatki i opłaty lokalne", `data-testid="component-Z2"`, "N – zarządzanie nieruchomościami"} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("overview lacks %q", want)
			}
		}
	})
}

func TestParticipationsMany(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	ctx := t.Context()
	c := app.LoginAs("koordynator")
	p := &domain.Programme{Code: "KPRM-JST", Title: "Urzędy wojewódzkie", Start: testapp.Today(), End: testapp.Today().AddDate(1, 0, 0),
		Areas: domain.AreaList{{Code: "OK", Name: "obsługa klienta"}, {Code: "ZJ", Name: "zarządzanie jakością"}}}
	if err := app.Store.CreateProgramme(ctx, domain.Actor{}, p); err != nil {
		t.Fatal(err)
	}
	app.JoinTeam(t, p.ID) // the coordinator works on it
	id := strconv.FormatInt(p.ID, 10)
	units, total, err := app.Store.SearchUnits(ctx, domain.UnitFilter{ListQuery: domain.ListQuery{Search: "Urząd Miasta", Limit: pages.CandidatesPerPage}, NotInProgramme: p.ID})
	if err != nil || total < 3 {
		t.Fatalf("demo units: %d, %v", total, err)
	}
	pick := url.Values{"nowe_q": {"Urząd Miasta"}, "unit_ids": {strconv.FormatInt(units[0].ID, 10), strconv.FormatInt(units[1].ID, 10)}, "many_areas": {"ZJ"}}

	page := c.Get("/programmes/" + id + "/units?nowe_q=Urz%C4%85d+Miasta")
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, units[2].Name) || !strings.Contains(page.Body, "ZJ – zarządzanie jakością") {
		t.Fatalf("candidates page: %d", page.StatusCode)
	}

	t.Run("ErrNoUnit", func(t *testing.T) {
		form := merge(pick)
		form.Del("unit_ids")
		r := c.Post("/programmes/"+id+"/units/many", form)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Zaznacz co najmniej jedną jednostkę.") ||
			!strings.Contains(r.Body, `value="ZJ" checked`) {
			t.Fatalf("status %d\n%s", r.StatusCode, r.Body)
		}
	})
	t.Run("ErrNoArea", func(t *testing.T) {
		form := merge(pick)
		form.Del("many_areas")
		r := c.Post("/programmes/"+id+"/units/many", form)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Zaznacz co najmniej jeden obszar (OK, ZJ).") ||
			!strings.Contains(r.Body, `value="`+strconv.FormatInt(units[1].ID, 10)+`" checked`) {
			t.Fatalf("status %d\n%s", r.StatusCode, r.Body)
		}
	})
	t.Run("SelectAllShown", func(t *testing.T) {
		r := c.Post("/programmes/"+id+"/units/many", merge(pick, "select_all", "1"))
		if r.StatusCode != http.StatusOK {
			t.Fatalf("status %d", r.StatusCode)
		}
		for _, u := range units {
			if !strings.Contains(r.Body, `value="`+strconv.FormatInt(u.ID, 10)+`" checked`) {
				t.Fatalf("%s not ticked", u.Name)
			}
		}
	})
	if parts, _ := app.Store.Participations(ctx, p.ID); len(parts) != 0 {
		t.Fatalf("saved before adding: %d", len(parts))
	}
	r := c.Post("/programmes/"+id+"/units/many", pick)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: %d\n%s", r.StatusCode, r.Body)
	}
	parts, err := app.Store.Participations(ctx, p.ID)
	if err != nil || len(parts) != 2 || len(parts[0].Areas) != 1 || parts[0].Areas[0] != "ZJ" {
		t.Fatalf("participations = %+v, %v", parts, err)
	}
	page = c.Get("/programmes/" + id + "/units?nowe_q=Urz%C4%85d+Miasta")
	if strings.Contains(page.Body, `id="f-unit-`+strconv.FormatInt(units[0].ID, 10)+`"`) {
		t.Fatal("a unit in the programme is still offered")
	}
}

// uploadInto posts a unit file for the preview with the programme chosen.
func uploadInto(t *testing.T, c *testapp.Client, programmeID int64, data []byte) *testapp.Response {
	t.Helper()
	return postMultipart(c, "/units/import", url.Values{"programme": {strconv.FormatInt(programmeID, 10)}}, "urzedy.csv", data)
}

func TestUnitImportIntoProgramme(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	ctx := t.Context()
	c := app.LoginAs("koordynator")
	p := &domain.Programme{Code: "KPRM-CSV", Title: "Urzędy wojewódzkie", Start: testapp.Today(), End: testapp.Today().AddDate(1, 0, 0),
		Areas: domain.AreaList{{Code: "OK", Name: "obsługa klienta"}, {Code: "ZJ", Name: "zarządzanie jakością"}}}
	if err := app.Store.CreateProgramme(ctx, domain.Actor{}, p); err != nil {
		t.Fatal(err)
	}
	app.JoinTeam(t, p.ID) // the coordinator works on it
	csv := "Nazwa;Rodzaj;Województwo;Obszary\r\n" +
		"Warmińsko-Mazurski Urząd Wojewódzki w Olsztynie;urząd wojewódzki;warmińsko-mazurskie;ok, zj\r\n" +
		"Opolski Urząd Wojewódzki w Opolu;urząd wojewódzki;opolskie;ZJ\r\n" +
		"Podlaski Urząd Wojewódzki w Białymstoku;urząd wojewódzki;podlaskie;P\r\n" + // no area of this programme
		"Świętokrzyski Urząd Wojewódzki w Kielcach;urząd wojewódzki;świętokrzyskie;\r\n" // none
	r := uploadInto(t, c, p.ID, []byte(csv))
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("preview: %d\n%s", r.StatusCode, r.Body)
	}
	for _, want := range []string{"Jednostki dołączą do programu „KPRM-CSV”", "<th scope=\"col\">Obszary</th>", "<td>OK, ZJ</td>",
		"Nieznany obszar „P”: program „KPRM-CSV” ma obszary OK, ZJ.", "Wpisz w kolumnie „Obszary” co najmniej jeden obszar jednostki (kody programu: OK, ZJ)."} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	m := dataRE.FindStringSubmatch(r.Body)
	if m == nil || !strings.Contains(r.Body, `name="programme" value="`+strconv.FormatInt(p.ID, 10)+`"`) {
		t.Fatal("no confirmation form with the programme")
	}
	r = c.Post("/units/import/confirm", url.Values{"data": {m[1]}, "programme": {strconv.FormatInt(p.ID, 10)}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/programmes/"+strconv.FormatInt(p.ID, 10)+"/units" {
		t.Fatalf("confirm: %d %s\n%s", r.StatusCode, r.Header.Get("Location"), r.Body)
	}
	parts, err := app.Store.Participations(ctx, p.ID)
	if err != nil || len(parts) != 2 {
		t.Fatalf("participations = %+v, %v", parts, err)
	}
	for _, pa := range parts {
		want := "ZJ"
		if strings.HasPrefix(pa.Unit.Name, "Warmińsko") {
			want = "OK ZJ"
		}
		var got []string
		for _, a := range pa.Areas {
			got = append(got, string(a))
		}
		if strings.Join(got, " ") != want {
			t.Errorf("%s in areas %v, want %s", pa.Unit.Name, got, want)
		}
	}

	t.Run("ErrAreasInProgrammeWithout", func(t *testing.T) {
		none := &domain.Programme{Code: "BEZ-OBSZ", Title: "Bez obszarów", Start: testapp.Today(), End: testapp.Today().AddDate(1, 0, 0)}
		if err := app.Store.CreateProgramme(ctx, domain.Actor{}, none); err != nil {
			t.Fatal(err)
		}
		app.JoinTeam(t, none.ID)
		r := uploadInto(t, c, none.ID, []byte("Nazwa;Rodzaj;Województwo;Obszar\r\nUrząd Gminy Ujazd;gmina wiejska;opolskie;P\r\n"))
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "nie ma obszarów: zostaw kolumnę „Obszary” pustą") {
			t.Fatalf("status %d", r.StatusCode)
		}
	})
	t.Run("ErrUnknownProgramme", func(t *testing.T) {
		if r := uploadInto(t, c, 99999999, []byte(csv)); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Wybierz z listy program") {
			t.Fatalf("status %d", r.StatusCode)
		}
	})
}
