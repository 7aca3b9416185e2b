package web_test

import (
	"encoding/json"
	"html"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
)

// The audit trail of the demo and of the fixtures (a manual indicator value,
// a period closed and reopened, a protocol, a refused route, a failed
// sign-in) names every action, record kind and field in Polish, and every
// link on its pages leads to a page that answers 200.
func TestAuditTrailPolishAndLinked(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	ctx := t.Context()
	prog, _, leader, _ := demoIDs(t, app)
	base := "/programmes/" + itoa(prog)
	manualFixture(t, app, prog)
	protocolFixture(t, app, prog, leader)
	coord, admin := app.LoginAs("koordynator"), app.LoginAs("admin")
	q := app.DemoQuarter(t, 6)
	if r := coord.Post(base+"/periods/"+q+"/close", url.Values{"request_no": {"WNP/1"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("close: %d", r.StatusCode)
	}
	if r := admin.Post(base+"/periods/"+q+"/reopen", url.Values{"reason": {"Korekta"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("reopen: %d", r.StatusCode)
	}
	if r := coord.Get("/audit"); r.StatusCode != http.StatusForbidden {
		t.Fatalf("coordinator on the audit trail: %d", r.StatusCode)
	}
	if r := app.Client().Post("/login", url.Values{"username": {"koordynator"}, "password": {"złe hasło"}}); r.StatusCode == http.StatusSeeOther {
		t.Fatal("signed in with a wrong password")
	}

	// Every entry is named in Polish.
	kinds, unnamed := map[string]bool{}, map[string]string{}
	var before int64
	for {
		entries, err := app.Store.Audit(ctx, domain.AuditFilter{BeforeID: before, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			before = e.ID
			kinds[e.Entity] = true
			if !e.Action.Labelled() {
				t.Errorf("entry %d: action %q has no Polish name", e.ID, e.Action)
			}
			if _, ok := domain.AuditEntities[e.Entity]; !ok {
				t.Errorf("entry %d: record kind %q has no Polish name", e.ID, e.Entity)
			}
			for _, raw := range []json.RawMessage{e.Before, e.After} {
				for _, k := range auditKeys(raw) {
					if !domain.AuditFieldLabelled(k) {
						unnamed[k] = e.Entity
					}
				}
			}
		}
		if len(entries) < 500 {
			break
		}
	}
	for _, k := range slices.Sorted(maps.Keys(unnamed)) {
		t.Errorf("field %q (of a %s entry) has no Polish name", k, unnamed[k])
	}
	for _, k := range []string{"indicator_value", "period", "protocol", "route", "login", "unit_product_file"} {
		if !kinds[k] {
			t.Errorf("the fixtures wrote no %q entry", k)
		}
	}

	// Every link on every page of the trail answers 200.
	viewer := app.LoginAs("obserwator")
	href := regexp.MustCompile(`href="([^"]*)"`)
	visited := map[string]int{}
	linkedKinds := map[string]bool{}
	page := "/audit"
	for pages := 0; page != "" && pages < 500; pages++ {
		r := viewer.Get(page)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", page, r.StatusCode)
		}
		if strings.Contains(r.Body, ">indicator_value ") || strings.Contains(r.Body, ">period ") {
			t.Fatalf("%s shows record kinds by their code", page)
		}
		page = ""
		for _, m := range href.FindAllStringSubmatch(r.Body, -1) {
			link := html.UnescapeString(m[1])
			if !strings.HasPrefix(link, "/") {
				continue
			}
			if strings.Contains(r.Body, "Starsze wpisy") && strings.Contains(link, "przed=") {
				page = link
			}
			if _, done := visited[link]; done {
				continue
			}
			if rest, ok := strings.CutPrefix(link, "/audit/"); ok {
				kind, _, _ := strings.Cut(rest, "/")
				linkedKinds[kind] = true
			}
			if u, err := url.Parse(link); err == nil && u.Query().Get("rekord") != "" && u.Query().Get("id") != "" {
				linkedKinds[u.Query().Get("rekord")] = true
			}
			visited[link] = viewer.Get(link).StatusCode
		}
	}
	for _, link := range slices.Sorted(maps.Keys(visited)) {
		if visited[link] != http.StatusOK {
			t.Errorf("link %s on the audit trail answers %d", link, visited[link])
		}
	}
	for k := range kinds {
		if k != "route" && k != "login" && !linkedKinds[k] {
			t.Errorf("no link to a record of kind %q on the audit trail", k)
		}
	}
}

// auditKeys are the field names of an entry's value, nested ones too.
func auditKeys(raw json.RawMessage) []string {
	var v any
	if len(raw) == 0 || json.Unmarshal(raw, &v) != nil {
		return nil
	}
	var keys []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				keys = append(keys, k)
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return keys
}
