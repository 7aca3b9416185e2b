package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
	"kaizen/web/components"
	"kaizen/web/pages"
)

// addUnits creates n units named "Gmina Testowa NNN", so that a picker's
// search has more than one page.
func addUnits(t *testing.T, app *testapp.App, n int) {
	t.Helper()
	for i := range n {
		u := &domain.Unit{Name: "Gmina Testowa " + strconv.Itoa(100+i), Kind: domain.UnitGminaWiejska, Voivodeship: "dolnośląskie"}
		if err := app.Store.CreateUnit(t.Context(), domain.Actor{Username: "test"}, u); err != nil {
			t.Fatal(err)
		}
	}
}

// pickerResults are the labels of the picker's results shown in body (its
// inputs after the search box).
func pickerResults(body, name string) string {
	_, after, _ := strings.Cut(body, `name="`+components.PickerQuery(name)+`"`)
	return after
}

// The users form chooses a manager's units by search: a page of at most
// PickerPerPage units, the next page, the chosen units kept checked across
// searches, and no account saved by a search (without JavaScript: the form
// itself is sent and comes back with 200).
func TestUserFormUnitPicker(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	addUnits(t, app, 25)
	admin := app.LoginAs("admin")
	_, _, leader, bielawa := demoIDs(t, app)
	field := pages.FieldUserUnits

	page := admin.Get("/admin/users/new")
	if page.StatusCode != http.StatusOK || strings.Count(page.Body, `name="`+field+`" value=`) != pages.PickerPerPage ||
		!strings.Contains(page.Body, `name="`+components.PickerPage(field)+`" value="20"`) {
		t.Fatalf("first page: status %d, %d units shown, want %d and a next page", page.StatusCode, strings.Count(page.Body, `name="`+field+`" value=`), pages.PickerPerPage)
	}

	typed := url.Values{"username": {"m.wrona"}, "display_name": {"Maria Wrona-Łącka"}, "role": {"unit_manager"},
		"password": {"haslo-kierownika-1"}, "password_confirm": {"haslo-kierownika-1"}, field: {itoa(leader)}}
	with := func(kv ...string) url.Values {
		f := url.Values{}
		for k, v := range typed {
			f[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			f.Set(kv[i], kv[i+1])
		}
		return f
	}
	for _, tc := range []struct {
		name string
		form url.Values
		want []string // in the results
		not  []string
	}{
		{"SearchButton", with(components.PickerQuery(field), "Bielawa", components.PickerSearch(field), "1"), []string{"Urząd Miasta Bielawa"}, []string{"Gmina Testowa 100"}},
		{"EnterInSearchBox", with(components.PickerQuery(field), "Testowa 12", components.PickerShown(field), ""), []string{"Gmina Testowa 120", "Gmina Testowa 124"}, []string{"Bielawa"}},
		{"NextPage", with(components.PickerQuery(field), "Testowa", components.PickerShown(field), "Testowa", components.PickerPage(field), "20"), []string{"Gmina Testowa 120", "21–25 z 25"}, []string{"Gmina Testowa 119"}},
		{"PreviousPage", with(components.PickerQuery(field), "Testowa", components.PickerShown(field), "Testowa", components.PickerPage(field), "0"), []string{"Gmina Testowa 100", "1–20 z 25"}, []string{"Gmina Testowa 120"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := admin.Post("/admin/users", tc.form)
			if r.StatusCode != http.StatusOK {
				t.Fatalf("status %d, want 200 (a search saves nothing)\n%s", r.StatusCode, r.Body)
			}
			if !strings.Contains(r.Body, `value="Maria Wrona-Łącka"`) || strings.Contains(r.Body, "haslo-kierownika-1") {
				t.Fatal("typed name lost, or the password echoed back")
			}
			// The unit chosen before stays chosen, above the results.
			chosen, results, _ := strings.Cut(r.Body, `name="`+components.PickerQuery(field)+`"`)
			if !strings.Contains(chosen, `value="`+itoa(leader)+`" checked`) {
				t.Fatal("the chosen unit was lost")
			}
			for _, w := range tc.want {
				if !strings.Contains(results, w) {
					t.Fatalf("no %q in the results:\n%s", w, results)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(results, w) {
					t.Fatalf("%q in the results", w)
				}
			}
		})
	}
	if _, _, err := app.Store.UserCredentials(t.Context(), "m.wrona"); err == nil {
		t.Fatal("a search saved the account")
	}

	// The form's own button saves even with a search typed and not run;
	// a second unit ticked among the results joins the first.
	r := admin.Post("/admin/users", with(components.PickerQuery(field), "Bielawa", components.PickerShown(field), "", components.FieldSave, "1", field, itoa(leader)))
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: status %d\n%s", r.StatusCode, r.Body)
	}
	u, _, err := app.Store.UserCredentials(t.Context(), "m.wrona")
	if err != nil || len(u.UnitIDs) != 1 || u.UnitIDs[0] != leader {
		t.Fatalf("saved account = %+v, %v", u, err)
	}

	// Editing: the account's units are chosen; a search keeps them and the
	// one ticked; saving stores both.
	edit := admin.Get("/admin/users/" + itoa(u.ID))
	if !strings.Contains(edit.Body, `value="`+itoa(leader)+`" checked`) {
		t.Fatal("the account's unit is not chosen on its page")
	}
	f := with(field, itoa(leader), components.PickerQuery(field), "Bielawa", components.PickerSearch(field), "1")
	f.Add(field, itoa(bielawa))
	if r := admin.Post("/admin/users/"+itoa(u.ID), f); r.StatusCode != http.StatusOK ||
		!strings.Contains(r.Body, `value="`+itoa(bielawa)+`" checked`) || !strings.Contains(r.Body, `value="`+itoa(leader)+`" checked`) {
		t.Fatalf("edit search: status %d, both units chosen?\n%s", r.StatusCode, pickerResults(r.Body, field))
	}
	f.Del(components.PickerSearch(field))
	f.Set(components.PickerShown(field), "Bielawa")
	if r := admin.Post("/admin/users/"+itoa(u.ID), f); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit save: status %d", r.StatusCode)
	}
	if u, _, _ = app.Store.UserCredentials(t.Context(), "m.wrona"); len(u.UnitIDs) != 2 {
		t.Fatalf("units after edit = %v", u.UnitIDs)
	}

	// 422 still: a manager without units, the message beside the picker.
	r = admin.Post("/admin/users/"+itoa(u.ID), with(field, ""))
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="f-`+field+`-error"`) {
		t.Fatalf("no unit: status %d", r.StatusCode)
	}
}

// The participation form chooses its one unit by search: archived units are
// not offered, a search keeps the contacts typed and saves nothing, a unit
// ticked among the results is saved, and no unit is a 422 beside the picker.
func TestParticipationUnitPicker(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	addUnits(t, app, 3)
	coord := app.LoginAs("koordynator")
	p := app.DemoProgramme(t)
	base := "/programmes/" + itoa(p.ID) + "/units"
	field := pages.FieldParticipationUnit
	units, _, err := app.Store.SearchUnits(t.Context(), domain.UnitFilter{ListQuery: domain.ListQuery{Search: "Testowa 101", Limit: 1}})
	if err != nil || len(units) != 1 {
		t.Fatalf("unit: %v %v", units, err)
	}
	unit := units[0]

	page := coord.Get(base)
	if page.StatusCode != http.StatusOK || strings.Count(pickerResults(page.Body, field), `name="`+field+`" value=`) > pages.PickerPerPage {
		t.Fatalf("units page: status %d", page.StatusCode)
	}
	search := url.Values{field: {""}, pages.FieldParticipationContacts: {"Anna Nowak, sekretarz"}, components.PickerQuery(field): {"Testowa 10"},
		components.PickerSearch(field): {"1"}}
	r := coord.Post(base, search)
	results := pickerResults(r.Body, field)
	if r.StatusCode != http.StatusOK || !strings.Contains(results, `type="radio"`) || !strings.Contains(results, unit.Name) ||
		!strings.Contains(results, "Gmina Testowa 102") || strings.Contains(results, "Urząd Miasta Bielawa") || !strings.Contains(r.Body, "Anna Nowak, sekretarz") {
		t.Fatalf("search: status %d\n%s", r.StatusCode, results)
	}
	if parts, _ := app.Store.Participations(t.Context(), p.ID); slicesHasUnit(parts, unit.ID) {
		t.Fatal("a search saved the participation")
	}

	// No unit chosen: 422, the message beside the picker, contacts kept.
	r = coord.Post(base, url.Values{pages.FieldParticipationContacts: {"Anna Nowak, sekretarz"}, components.PickerQuery(field): {""}, components.PickerShown(field): {""}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="f-`+field+`-error"`) || !strings.Contains(r.Body, "Anna Nowak, sekretarz") {
		t.Fatalf("no unit: status %d", r.StatusCode)
	}

	r = coord.Post(base, url.Values{field: {itoa(unit.ID)}, pages.FieldParticipationAreas: {string(p.Areas[0].Code)}, pages.FieldParticipationContacts: {"Anna Nowak"},
		components.PickerQuery(field): {"Testowa 10"}, components.PickerShown(field): {"Testowa 10"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: status %d\n%s", r.StatusCode, r.Body)
	}
	if parts, _ := app.Store.Participations(t.Context(), p.ID); !slicesHasUnit(parts, unit.ID) {
		t.Fatal("the participation was not saved")
	}

	// An archived unit is not offered anew.
	other, _, _ := app.Store.SearchUnits(t.Context(), domain.UnitFilter{ListQuery: domain.ListQuery{Search: "Testowa 102", Limit: 1}})
	if err := app.Store.SetUnitArchived(t.Context(), domain.Actor{Username: "test"}, other[0].ID, true); err != nil {
		t.Fatal(err)
	}
	r = coord.Post(base, search)
	if strings.Contains(pickerResults(r.Body, field), "Gmina Testowa 102") {
		t.Fatal("an archived unit is offered")
	}
}

func slicesHasUnit(parts []domain.Participation, unitID int64) bool {
	for _, p := range parts {
		if p.Unit.ID == unitID {
			return true
		}
	}
	return false
}

// A new protocol's unit and task are chosen by search (GET, without
// JavaScript): a page of pairs (store.ProductPairs keeps a user bound to
// units to theirs), "Dalej" with nothing
// chosen is a 422 beside the picker, a chosen pair opens the form.
func TestProtocolPairPicker(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	prog, _, _, bielawa := demoIDs(t, app)
	base := "/programmes/" + itoa(prog) + "/protocols/new"
	field := pages.FieldProtocolPair
	coord := app.LoginAs("koordynator")

	page := coord.Get(base)
	results := pickerResults(page.Body, field)
	if page.StatusCode != http.StatusOK || !strings.Contains(results, "Urząd Miasta Bielawa – ") || !strings.Contains(results, "Urząd Miasta w Dzierżoniowie – ") ||
		strings.Count(results, `name="`+field+`" value=`) > pages.PickerPerPage {
		t.Fatalf("chooser: status %d\n%s", page.StatusCode, results)
	}
	q := url.Values{components.PickerQuery(field): {"Bielawa"}, components.PickerSearch(field): {"1"}}
	r := coord.Get(base + "?" + q.Encode())
	results = pickerResults(r.Body, field)
	if r.StatusCode != http.StatusOK || !strings.Contains(results, "Urząd Miasta Bielawa – ") || strings.Contains(results, "Dzierżoniowie") {
		t.Fatalf("search: status %d\n%s", r.StatusCode, results)
	}
	r = coord.Get(base + "?" + url.Values{components.PickerQuery(field): {""}, components.PickerShown(field): {""}, components.FieldSave: {"1"}}.Encode())
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="f-`+field+`-error"`) {
		t.Fatalf("nothing chosen: status %d", r.StatusCode)
	}

	ups, _ := app.Store.UnitProducts(t.Context(), prog, domain.ProductFilter{UnitID: bielawa})
	pair := itoa(bielawa) + "-" + itoa(ups[0].TaskID)
	// A search with a pair ticked keeps it chosen.
	r = coord.Get(base + "?" + url.Values{field: {pair}, components.PickerQuery(field): {"Dzierżon"}, components.PickerSearch(field): {"1"}}.Encode())
	chosen, _, _ := strings.Cut(r.Body, `name="`+components.PickerQuery(field)+`"`)
	if r.StatusCode != http.StatusOK || !strings.Contains(chosen, `value="`+pair+`" checked`) {
		t.Fatalf("chosen pair lost: status %d", r.StatusCode)
	}
	r = coord.Get(base + "?" + url.Values{field: {pair}, components.PickerQuery(field): {"Dzierżon"}, components.PickerShown(field): {"Dzierżon"}, components.FieldSave: {"1"}}.Encode())
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `name="`+pages.FieldProtocolItems+`" value="`+itoa(ups[0].ID)+`"`) {
		t.Fatalf("chosen pair: status %d, no products of the form", r.StatusCode)
	}
}

// The programme form's leader unit is chosen by search too: a search keeps
// what was typed and saves nothing, the leader ticked is saved, and "none"
// clears it.
func TestProgrammeLeaderPicker(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := app.LoginAs("koordynator")
	_, _, _, bielawa := demoIDs(t, app)
	field := pages.FieldProgrammeLeader
	before, _ := app.Store.Programmes(t.Context())

	r := c.Post("/programmes", merge(programmeForm, components.PickerQuery(field), "Bielawa", components.PickerSearch(field), "1"))
	results := pickerResults(r.Body, field)
	if r.StatusCode != http.StatusOK || !strings.Contains(results, "Urząd Miasta Bielawa") || strings.Contains(results, "Dzierżoniowie") ||
		!strings.Contains(r.Body, "Klient w centrum uwagi administracji") || !strings.Contains(r.Body, `value="" checked`) {
		t.Fatalf("search: status %d\n%s", r.StatusCode, results)
	}
	if progs, _ := app.Store.Programmes(t.Context()); len(progs) != len(before) {
		t.Fatalf("a search saved a programme: %d programmes", len(progs))
	}
	r = c.Post("/programmes", merge(programmeForm, field, itoa(bielawa), components.PickerQuery(field), "Bielawa", components.PickerShown(field), "Bielawa"))
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: status %d\n%s", r.StatusCode, r.Body)
	}
	loc := r.Header.Get("Location")
	edit := c.Get(loc + "/edit")
	chosen, _, _ := strings.Cut(edit.Body, `name="`+components.PickerQuery(field)+`"`)
	if !strings.Contains(chosen, `value="`+itoa(bielawa)+`" checked`) {
		t.Fatal("the leader is not chosen on the edit form")
	}
	form := merge(programmeForm, field, "")
	form.Set("code", "KPRM-5.1")
	if r := c.Post(loc, form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("clear the leader: status %d\n%s", r.StatusCode, r.Body)
	}
	id := idInPath.FindStringSubmatch(loc)[1]
	pid, _ := strconv.ParseInt(id, 10, 64)
	if p, err := app.Store.Programme(t.Context(), pid); err != nil || p.LeaderUnitID != nil {
		t.Fatalf("leader after clearing = %v, %v", p.LeaderUnitID, err)
	}
}

// Adding many units keeps the ticks of every page of the candidates: the
// page buttons send the form (200, nothing saved), ticks not shown stay as
// hidden fields, and "Dodaj" adds them all.
func TestParticipationsManyKeepsTicksAcrossPages(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	ctx := t.Context()
	addUnits(t, app, pages.CandidatesPerPage+5)
	c := app.LoginAs("koordynator")
	p := &domain.Programme{Code: "KPRM-JST", Title: "Urzędy", Start: testapp.Today(), End: testapp.Today().AddDate(1, 0, 0),
		Areas: domain.AreaList{{Code: "OK", Name: "obsługa klienta"}}}
	if err := app.Store.CreateProgramme(ctx, domain.Actor{}, p); err != nil {
		t.Fatal(err)
	}
	app.JoinTeam(t, p.ID)
	units, total, err := app.Store.SearchUnits(ctx, domain.UnitFilter{ListQuery: domain.ListQuery{Search: "Testowa", Limit: 100}, NotInProgramme: p.ID})
	if err != nil || total != pages.CandidatesPerPage+5 {
		t.Fatalf("units: %d, %v", total, err)
	}
	first, last := itoa(units[0].ID), itoa(units[len(units)-1].ID)
	base := "/programmes/" + itoa(p.ID) + "/units/many"
	form := url.Values{pages.ParamCandidateQuery: {"Testowa"}, pages.ParamCandidateOffset: {"0"}, pages.FieldManyUnits: {first}, pages.FieldManyAreas: {"OK"}}

	r := c.Post(base, merge(form, pages.FieldManyPage, strconv.Itoa(pages.CandidatesPerPage)))
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `type="hidden" name="`+pages.FieldManyUnits+`" value="`+first+`"`) ||
		!strings.Contains(r.Body, "Zaznaczone na innych stronach listy: 1.") || !strings.Contains(r.Body, `id="f-unit-`+last+`"`) {
		t.Fatalf("next page: status %d\n%s", r.StatusCode, r.Body)
	}
	back := merge(form, pages.ParamCandidateOffset, strconv.Itoa(pages.CandidatesPerPage), pages.FieldManyPage, "0")
	back.Add(pages.FieldManyUnits, last)
	r = c.Post(base, back)
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `value="`+first+`" checked`) || !strings.Contains(r.Body, `type="hidden" name="`+pages.FieldManyUnits+`" value="`+last+`"`) {
		t.Fatalf("previous page: status %d", r.StatusCode)
	}
	if parts, _ := app.Store.Participations(ctx, p.ID); len(parts) != 0 {
		t.Fatalf("paging saved %d units", len(parts))
	}
	add := merge(form)
	add.Add(pages.FieldManyUnits, last)
	if r := c.Post(base, add); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: status %d", r.StatusCode)
	}
	if parts, _ := app.Store.Participations(ctx, p.ID); len(parts) != 2 {
		t.Fatalf("added %d units, want 2", len(parts))
	}
}
