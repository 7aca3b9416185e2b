package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
	"kaizen/web/pages"
)

// scopeFixture adds a programme beside the demo one and accounts of each
// role limited to it: a coordinator, an expert and a viewer of "INNY-2010".
func scopeFixture(t *testing.T, app *testapp.App) (demoID, otherID int64) {
	t.Helper()
	admin := app.LoginAs("admin")
	otherID = otherProgrammeFixture(t, app, admin)
	f := url.Values{"username": {"obserwator2"}, "display_name": {"Olga Inna"}, "role": {"viewer"}, "programmes": {itoa(otherID)},
		"password": {"haslo-testowe-1"}, "password_confirm": {"haslo-testowe-1"}}
	if r := admin.Post("/admin/users", f); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create obserwator2: %d\n%s", r.StatusCode, r.Body)
	}
	return app.DemoProgramme(t).ID, otherID
}

func login(t *testing.T, app *testapp.App, who string) *testapp.Client {
	t.Helper()
	c := app.Client()
	pw := "demo"
	if strings.HasSuffix(who, "2") {
		pw = "haslo-testowe-1"
	}
	c.Login(who, pw)
	return c
}

// The start page and the programme list show each role the programmes it
// sees, and no others.
func TestProgrammeListsFollowMembership(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	scopeFixture(t, app)
	const demoCode, otherCode = "POKL-5.2.1-DZ", "INNY-2010"
	for _, tc := range []struct {
		who         string
		demo, other bool
	}{
		{"admin", true, true},
		{"obserwator", true, true},
		{"koordynator", true, false},
		{"ekspert", true, false},
		{"kierownik", true, false}, // through the unit's participation
		{"koordynator2", false, true},
		{"ekspert2", false, true},
		{"obserwator2", false, true},
	} {
		t.Run(tc.who, func(t *testing.T) {
			c := login(t, app, tc.who)
			for _, path := range []string{"/", "/programmes"} {
				r := c.Get(path)
				if r.StatusCode != http.StatusOK {
					t.Fatalf("%s: %d", path, r.StatusCode)
				}
				if got := strings.Contains(r.Body, demoCode); got != tc.demo {
					t.Errorf("%s shows the demo programme: %v, want %v", path, got, tc.demo)
				}
				if got := strings.Contains(r.Body, otherCode); got != tc.other {
					t.Errorf("%s shows the other programme: %v, want %v", path, got, tc.other)
				}
			}
		})
	}
}

// A viewer of some programmes reads the audit trail without the entries
// of the others, and is refused the history of their records.
func TestAuditFollowsMembership(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	demoID, otherID := scopeFixture(t, app)
	c := login(t, app, "obserwator2")
	r := c.Get("/audit?" + pages.ParamAuditEntity + "=programme")
	if r.StatusCode != http.StatusOK || strings.Contains(r.Body, "/audit/programme/"+itoa(demoID)+`"`) ||
		!strings.Contains(r.Body, "/audit/programme/"+itoa(otherID)+`"`) {
		t.Fatalf("audit of programmes: %d\n%s", r.StatusCode, r.Body)
	}
	if r := c.Get("/audit/programme/" + itoa(demoID)); r.StatusCode != http.StatusNotFound {
		t.Fatalf("history of a programme out of scope: %d", r.StatusCode)
	}
	if r := c.Get("/audit/programme/" + itoa(otherID)); r.StatusCode != http.StatusOK {
		t.Fatalf("history of an own programme: %d", r.StatusCode)
	}
	// The viewer of all programmes sees both.
	r = app.LoginAs("obserwator").Get("/audit?" + pages.ParamAuditEntity + "=programme")
	if u, _, _ := app.Store.UserCredentials(t.Context(), "obserwator"); !u.AllProgrammes {
		t.Fatalf("demo viewer: %+v", u)
	}
	if !strings.Contains(r.Body, "/audit/programme/"+itoa(demoID)+`"`) || !strings.Contains(r.Body, "/audit/programme/"+itoa(otherID)+`"`) {
		t.Fatalf("the viewer of all programmes misses entries\n%s", r.Body)
	}
}

// An expert sees in the unit registry and its export only the units of
// the programmes they work on; a coordinator, who adds units to
// programmes, sees the whole registry.
func TestUnitRegistryFollowsMembership(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	scopeFixture(t, app)
	lonely := &domain.Unit{Name: "Urząd Gminy Samotna Wola", Kind: domain.UnitGminaWiejska, Voivodeship: "mazowieckie"}
	if err := app.Store.CreateUnit(t.Context(), domain.Actor{Username: "test"}, lonely); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		who           string
		bielawa, wola bool
	}{
		{"koordynator2", true, true},
		{"ekspert", true, false},
		{"ekspert2", false, false}, // the other programme has no units
		{"obserwator", true, true},
	} {
		t.Run(tc.who, func(t *testing.T) {
			c := login(t, app, tc.who)
			for _, path := range []string{"/units?q=Urz%C4%85d", "/units/export.csv"} {
				r := c.Get(path)
				if r.StatusCode != http.StatusOK {
					t.Fatalf("%s: %d", path, r.StatusCode)
				}
				if got := strings.Contains(r.Body, "Urząd Miasta Bielawa"); got != tc.bielawa {
					t.Errorf("%s shows Bielawa: %v, want %v", path, got, tc.bielawa)
				}
				if got := strings.Contains(r.Body, "Samotna Wola"); got != tc.wola {
					t.Errorf("%s shows Samotna Wola: %v, want %v", path, got, tc.wola)
				}
			}
		})
	}
}

// The team page: a coordinator of the programme adds an expert; a unit
// manager, a viewer or nobody is refused with a message beside the field
// and nothing saved.
func TestTeamForm(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	_, otherID := scopeFixture(t, app)
	base := "/programmes/" + itoa(otherID) + "/team"
	c := login(t, app, "koordynator2")
	user := func(username string) *domain.User {
		u, _, err := app.Store.UserCredentials(t.Context(), username)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	for _, tc := range []struct {
		name, member, msg string
	}{
		{"ErrUnitManager", itoa(user("kierownik").ID), "Kierownik jednostki nie może być członkiem zespołu programu"},
		{"ErrViewer", itoa(user("obserwator").ID), "Do zespołu programu dodaje się koordynatorów i ekspertów."},
		{"ErrNobody", "", "Wybierz osobę z listy."},
		{"ErrUnknown", "999999", "Wybierz osobę z listy."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.Post(base, url.Values{"member": {tc.member}})
			if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="f-member-error"`) || !strings.Contains(r.Body, tc.msg) {
				t.Fatalf("status %d, want 422 with %q\n%s", r.StatusCode, tc.msg, r.Body)
			}
			members, _ := app.Store.ProgrammeMembers(t.Context(), otherID)
			if len(members) != 3 { // koordynator2, ekspert2, obserwator2
				t.Fatalf("members after a refusal: %+v", members)
			}
		})
	}
	expert := user("ekspert")
	if r := c.Post(base, url.Values{"member": {itoa(expert.ID)}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("add expert: %d\n%s", r.StatusCode, r.Body)
	}
	if r := login(t, app, "ekspert").Get("/programmes/" + itoa(otherID)); r.StatusCode != http.StatusOK {
		t.Fatalf("the added expert opens the programme: %d", r.StatusCode)
	}
	r := c.Get(base)
	if !strings.Contains(r.Body, expert.DisplayName) {
		t.Fatal("the added expert is not listed")
	}
	entries, _ := app.Store.AuditFor(t.Context(), "programme_member", itoa(otherID)+"/"+itoa(expert.ID))
	if len(entries) != 1 || entries[0].Action != domain.AuditMemberAdd || entries[0].ActorUsername != "koordynator2" {
		t.Fatalf("audit = %+v", entries)
	}
	if r := c.Post(base+"/"+itoa(expert.ID)+"/remove", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove: %d", r.StatusCode)
	}
	if r := login(t, app, "ekspert").Get("/programmes/" + itoa(otherID)); r.StatusCode != http.StatusNotFound {
		t.Fatalf("the removed expert opens the programme: %d", r.StatusCode)
	}
}

// The account form: programmes for a unit manager, or all programmes for a
// coordinator, are refused beside the field with nothing saved; a
// coordinator made with programmes is their member.
func TestUserFormProgrammes(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	admin := app.LoginAs("admin")
	prog := app.DemoProgramme(t).ID
	units, _ := app.Store.ListUnits(t.Context())
	base := url.Values{"display_name": {"Nowa Osoba"}, "password": {"haslo-testowe-1"}, "password_confirm": {"haslo-testowe-1"}}
	form := func(extra url.Values) url.Values {
		f := url.Values{}
		for k, v := range base {
			f[k] = v
		}
		for k, v := range extra {
			f[k] = v
		}
		return f
	}
	for _, tc := range []struct {
		name  string
		form  url.Values
		field string
		msg   string
	}{
		{"ErrManagerMember", form(url.Values{"username": {"mm1"}, "role": {"unit_manager"}, "units": {itoa(units[0].ID)}, "programmes": {itoa(prog)}}),
			"programmes", "Kierownik jednostki nie może być członkiem zespołu programu"},
		{"ErrCoordinatorAll", form(url.Values{"username": {"kk1"}, "role": {"coordinator"}, "all_programmes": {"1"}}),
			"all_programmes", "tylko administratorowi lub obserwatorowi"},
		{"ErrProgrammeUnknown", form(url.Values{"username": {"kk2"}, "role": {"coordinator"}, "programmes": {"999999"}}),
			"programmes", "Wybrany program nie istnieje."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := admin.Post("/admin/users", tc.form)
			if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="f-`+tc.field+`-error"`) || !strings.Contains(r.Body, tc.msg) {
				t.Fatalf("status %d, want 422 with %q at %s\n%s", r.StatusCode, tc.msg, tc.field, r.Body)
			}
			if _, _, err := app.Store.UserCredentials(t.Context(), tc.form.Get("username")); domain.ErrorCode(err) != domain.ENOTFOUND {
				t.Fatalf("account saved: %v", err)
			}
			if !strings.Contains(r.Body, `value="Nowa Osoba"`) {
				t.Fatal("typed name not kept")
			}
		})
	}
	r := admin.Post("/admin/users", form(url.Values{"username": {"kk3"}, "role": {"coordinator"}, "programmes": {itoa(prog)}}))
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", r.StatusCode, r.Body)
	}
	u, _, _ := app.Store.UserCredentials(t.Context(), "kk3")
	if !u.CanSeeProgramme(prog) {
		t.Fatalf("kk3's programmes = %v", u.ProgrammeIDs)
	}
	// The edit page: clearing the programmes takes her off the team.
	r = admin.Post("/admin/users/"+itoa(u.ID), url.Values{"display_name": {"Nowa Osoba"}, "role": {"coordinator"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("update: %d\n%s", r.StatusCode, r.Body)
	}
	u, _, _ = app.Store.UserCredentials(t.Context(), "kk3")
	if u.CanSeeProgramme(prog) {
		t.Fatalf("k3 still sees %v", u.ProgrammeIDs)
	}
}
