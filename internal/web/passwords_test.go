package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kaizen/internal/testapp"
)

// weakPasswords are the passwords the security review set (issue 14,
// finding 4), with the message each is refused with.
var weakPasswords = []struct{ pw, msg string }{
	{"1234567890", "często używanych"},
	{"aaaaaaaaaa", "często używanych"},
	{"kier3kier3", "zbyt łatwe do odgadnięcia"},
	{"password12", "często używanych"},
	{"Admin12345", "zbyt łatwe do odgadnięcia"},
	{"Kaizen-w-urzedzie", "nazwy systemu"},
}

// TestWeakPasswordsRefused: every place a password is set refuses the
// weak ones with a message beside the field (422) and sets nothing; a
// long passphrase is accepted.
func TestWeakPasswordsRefused(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	admin := app.LoginAs("admin")
	form := func(pw string, more ...string) url.Values {
		f := url.Values{"password": {pw}, "password_confirm": {pw}}
		for i := 0; i+1 < len(more); i += 2 {
			f.Set(more[i], more[i+1])
		}
		return f
	}
	refused := func(t *testing.T, r *testapp.Response, msg string) {
		t.Helper()
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", r.StatusCode)
		}
		if !strings.Contains(r.Body, `id="f-password-error"`) || !strings.Contains(r.Body, msg) {
			t.Fatalf("no message %q beside the password\n%s", msg, r.Body)
		}
	}
	t.Run("AdminCreate", func(t *testing.T) {
		for _, w := range append(weakPasswords, struct{ pw, msg string }{"Nowak-Jan-2026", "imienia ani nazwiska"},
			struct{ pw, msg string }{"x-j.nowak-2026!", "nazwy użytkownika"}) {
			refused(t, admin.Post("/admin/users", form(w.pw, "username", "j.nowak", "display_name", "Jan Nowak", "role", "expert")), w.msg)
		}
		if _, _, err := app.Store.UserCredentials(t.Context(), "j.nowak"); err == nil {
			t.Fatal("an account was created with a weak password")
		}
	})
	t.Run("AdminReset", func(t *testing.T) {
		u, _, err := app.Store.UserCredentials(t.Context(), "obserwator")
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range weakPasswords {
			refused(t, admin.Post("/admin/users/"+itoa(u.ID)+"/password", form(w.pw)), w.msg)
		}
		app.Client().Login("obserwator", "demo")
	})
	t.Run("OwnChange", func(t *testing.T) {
		c := app.LoginAs("ekspert")
		for _, w := range weakPasswords {
			refused(t, c.Post("/account/password", form(w.pw, "current_password", "demo")), w.msg)
		}
		app.Client().Login("ekspert", "demo")
	})
	t.Run("LongPassphrase", func(t *testing.T) {
		pass := "Wiosną nad Wisłą grzmi, a latarnik liczy mewy: siedem szarych, trzy białe i jedna zielona; kubek herbaty stygnie"
		if len([]rune(pass)) <= 64 {
			t.Fatal("the passphrase is not long")
		}
		u, _, err := app.Store.UserCredentials(t.Context(), "koordynator")
		if err != nil {
			t.Fatal(err)
		}
		if r := admin.Post("/admin/users/"+itoa(u.ID)+"/password", form(pass)); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("long passphrase: %d\n%s", r.StatusCode, r.Body)
		}
		app.Client().Login("koordynator", pass)
	})
}
