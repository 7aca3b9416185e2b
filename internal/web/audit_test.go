package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kaizen/internal/testapp"
)

func TestAuditPage(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	admin := app.LoginAs("admin")
	// Something to find: a change of a unit by the administrator.
	units, _ := app.Store.ListUnits(t.Context())
	u := units[0]
	r := admin.Post("/units/"+itoa(u.ID), url.Values{"name": {u.Name}, "kind": {string(u.Kind)}, "voivodeship": {u.Voivodeship}, "teryt": {u.TERYT},
		"address": {"ul. Nowa 1"}, "email": {u.Email}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("unit update: %d\n%s", r.StatusCode, r.Body)
	}
	viewer := app.LoginAs("obserwator")
	page := viewer.Get("/audit?kto=admin&rekord=unit&czynnosc=update")
	if page.StatusCode != 200 || !strings.Contains(page.Body, "adres: „” → „ul. Nowa 1”") || !strings.Contains(page.Body, "administrator") {
		t.Fatalf("audit page:\n%s", page.Body)
	}
	if r := viewer.Get("/audit?od=wczoraj"); r.StatusCode != 422 || !strings.Contains(r.Body, "Podaj datę") {
		t.Fatalf("bad date: %d", r.StatusCode)
	}
	if r := viewer.Get("/audit?czynnosc=login"); !strings.Contains(r.Body, "logowanie") {
		t.Fatal("sign-ins are not in the trail")
	}
	h := viewer.Get("/audit/unit/" + itoa(u.ID))
	if h.StatusCode != 200 || !strings.Contains(h.Body, "ul. Nowa 1") {
		t.Fatalf("record history: %d", h.StatusCode)
	}
	if r := viewer.Get("/audit/nieznane/1"); r.StatusCode != 404 {
		t.Fatalf("unknown record type: %d", r.StatusCode)
	}
	// Paging: more than a page of entries gives a link to older ones.
	for i := 0; i < 3; i++ {
		app.LoginAs("ekspert")
	}
	all := viewer.Get("/audit")
	if strings.Count(all.Body, "<tr>") < 50 || !strings.Contains(all.Body, "Starsze wpisy") {
		t.Fatal("no paging on a long trail")
	}
}
