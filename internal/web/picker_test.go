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
