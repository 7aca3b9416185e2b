package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"kaizen/internal/demo"
	"kaizen/internal/testapp"
)

func TestUserCreate(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	admin := app.LoginAs("admin")

	valid := url.Values{"username": {"j.kowalski"}, "display_name": {"Jan Kowalski"}, "role": {"expert"},
		"password": {"bardzo-tajne-haslo"}, "password_confirm": {"bardzo-tajne-haslo"}}
	with := func(k, v string) url.Values {
		f := url.Values{}
		for kk, vv := range valid {
			f[kk] = vv
		}
		f.Set(k, v)
		return f
	}
	for _, tc := range []struct {
		name  string
		form  url.Values
		field string
		msg   string
	}{
		{"ErrUsernameEmpty", with("username", ""), "username", "Podaj nazwę użytkownika."},
		{"ErrUsernameChars", with("username", "żółw"), "username", "tylko małe litery"},
		{"ErrUsernameLong", with("username", strings.Repeat("a", 65)), "username", "od 3 do 64"},
		{"ErrUsernameTaken", with("username", "admin"), "username", "jest już zajęta"},
		{"ErrNameEmpty", with("display_name", "  "), "display_name", "Podaj imię i nazwisko."},
		{"ErrNameLong", with("display_name", strings.Repeat("ą", 201)), "display_name", "najwyżej 200"},
		{"ErrRoleUnknown", with("role", "superuser"), "role", "Wybierz rolę"},
		{"ErrManagerNoUnit", with("role", "unit_manager"), "units", "co najmniej jedną jednostkę"},
		{"ErrUnitNotNumber", with("units", "abc"), "units", "Wybierz jednostki"},
		{"ErrUnitUnknown", func() url.Values { f := with("role", "unit_manager"); f.Set("units", "999999"); return f }(), "units", "nie istnieje"},
		{"ErrPasswordShort", with("password", "krotkie"), "password", "co najmniej 10"},
		{"ErrPasswordDemo", func() url.Values { f := with("password", "demo"); f.Set("password_confirm", "demo"); return f }(), "password", "zarezerwowane"},
		{"ErrPasswordMismatch", with("password_confirm", "inne-haslo-123"), "password_confirm", "nie są takie same"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := admin.Post("/admin/users", tc.form)
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", r.StatusCode)
			}
			if !strings.Contains(r.Body, `id="f-`+tc.field+`-error"`) || !strings.Contains(r.Body, tc.msg) {
				t.Fatalf("no message %q at field %s\n%s", tc.msg, tc.field, r.Body)
			}
			// What the user typed is kept (but never the password).
			if dn := tc.form.Get("display_name"); strings.TrimSpace(dn) != "" && !strings.Contains(r.Body, `value="`+dn+`"`) {
				t.Fatal("display name not kept")
			}
			if strings.Contains(r.Body, "bardzo-tajne-haslo") {
				t.Fatal("password echoed back")
			}
		})
	}
	users, _ := app.Store.Users(t.Context())
	if len(users) != demo.AccountCount() {
		t.Fatalf("invalid forms created accounts: %d", len(users))
	}

	t.Run("Success", func(t *testing.T) {
		r := admin.Post("/admin/users", valid)
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d\n%s", r.StatusCode, r.Body)
		}
		page := admin.Get(r.Header.Get("Location"))
		if !strings.Contains(page.Body, "Utworzono konto „j.kowalski”") || !strings.Contains(page.Body, "utworzenie") {
			t.Fatalf("no flash or history:\n%s", page.Body)
		}
		c := app.Client()
		c.Login("j.kowalski", "bardzo-tajne-haslo")
	})
}

func TestUserDeactivateEndsSessions(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	admin := app.LoginAs("admin")
	expert := app.LoginAs("ekspert")
	u, _, err := app.Store.UserCredentials(t.Context(), "ekspert")
	if err != nil {
		t.Fatal(err)
	}
	id := itoa(u.ID)
	if r := admin.Post("/admin/users/"+id+"/deactivate", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("deactivate: %d", r.StatusCode)
	}
	if r := expert.Get("/"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("deactivated user's session still works: %d", r.StatusCode)
	}
	r := app.Client().Post("/login", url.Values{"username": {"ekspert"}, "password": {"demo"}})
	if r.StatusCode != http.StatusForbidden || !strings.Contains(r.Body, "dezaktywowane") {
		t.Fatalf("deactivated user signs in: %d", r.StatusCode)
	}
	if r := admin.Post("/admin/users/"+id+"/activate", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("activate: %d", r.StatusCode)
	}
	app.LoginAs("ekspert")

	t.Run("ErrSelf", func(t *testing.T) {
		me, _, _ := app.Store.UserCredentials(t.Context(), "admin")
		r := admin.Post("/admin/users/"+itoa(me.ID)+"/deactivate", nil)
		if r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "własnego konta") {
			t.Fatalf("self-deactivation: %d", r.StatusCode)
		}
	})
}

func TestUserUpdateAndPasswordReset(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	admin := app.LoginAs("admin")
	viewer := app.LoginAs("obserwator")
	u, _, _ := app.Store.UserCredentials(t.Context(), "obserwator")
	id := itoa(u.ID)

	r := admin.Post("/admin/users/"+id, url.Values{"display_name": {""}, "role": {"viewer"}})
	if r.StatusCode != 422 || !strings.Contains(r.Body, "Podaj imię i nazwisko.") {
		t.Fatalf("invalid update: %d", r.StatusCode)
	}
	r = admin.Post("/admin/users/"+id, url.Values{"display_name": {"Marek Lis-Nowak"}, "role": {"coordinator"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("update: %d\n%s", r.StatusCode, r.Body)
	}
	// A role change ends the user's sessions so the new rights apply at once.
	if r := viewer.Get("/"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("session survived a role change: %d", r.StatusCode)
	}
	page := admin.Get("/admin/users/" + id)
	if !strings.Contains(page.Body, "rola: obserwator → koordynator") {
		t.Fatalf("history does not show the change:\n%s", page.Body)
	}

	r = admin.Post("/admin/users/"+id+"/password", url.Values{"password": {"krotkie"}, "password_confirm": {"krotkie"}})
	if r.StatusCode != 422 || !strings.Contains(r.Body, "co najmniej 10") {
		t.Fatalf("short password: %d", r.StatusCode)
	}
	r = admin.Post("/admin/users/"+id+"/password", url.Values{"password": {"nowe-haslo-2026"}, "password_confirm": {"nowe-haslo-2026"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset: %d", r.StatusCode)
	}
	c := app.Client()
	c.Login("obserwator", "nowe-haslo-2026")

	t.Run("ErrSelfDemotion", func(t *testing.T) {
		me, _, _ := app.Store.UserCredentials(t.Context(), "admin")
		r := admin.Post("/admin/users/"+itoa(me.ID), url.Values{"display_name": {"Admin"}, "role": {"viewer"}})
		if r.StatusCode != 422 || !strings.Contains(r.Body, "odebrać sobie roli administratora") {
			t.Fatalf("self-demotion: %d", r.StatusCode)
		}
	})
}

func TestOwnPasswordChange(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := app.LoginAs("ekspert")
	other := app.LoginAs("ekspert")
	r := c.Post("/account/password", url.Values{"current_password": {"zle"}, "password": {"nowe-haslo-2026"}, "password_confirm": {"nowe-haslo-2026"}})
	if r.StatusCode != 422 || !strings.Contains(r.Body, "Obecne hasło jest nieprawidłowe.") {
		t.Fatalf("wrong current password: %d", r.StatusCode)
	}
	r = c.Post("/account/password", url.Values{"current_password": {"demo"}, "password": {"nowe-haslo-2026"}, "password_confirm": {"nowe-haslo-2026"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("change: %d\n%s", r.StatusCode, r.Body)
	}
	if r := c.Get("/"); r.StatusCode != 200 || !strings.Contains(r.Body, "Hasło zostało zmienione") {
		t.Fatalf("own session ended by own password change: %d", r.StatusCode)
	}
	if r := other.Get("/"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("other session survived: %d", r.StatusCode)
	}
	app.Client().Login("ekspert", "nowe-haslo-2026")
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestCurrentPasswordThrottled(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := app.LoginAs("ekspert")
	for i := 0; i < 5; i++ {
		r := c.Post("/account/password", url.Values{"current_password": {"zgaduje"}, "password": {"nowe-haslo-2026"}, "password_confirm": {"nowe-haslo-2026"}})
		if r.StatusCode != 422 {
			t.Fatalf("guess %d: %d", i+1, r.StatusCode)
		}
	}
	r := c.Post("/account/password", url.Values{"current_password": {"demo"}, "password": {"nowe-haslo-2026"}, "password_confirm": {"nowe-haslo-2026"}})
	if r.StatusCode != http.StatusTooManyRequests || !strings.Contains(r.Body, "Zbyt wiele nieudanych prób") {
		t.Fatalf("6th try: %d", r.StatusCode)
	}
}
