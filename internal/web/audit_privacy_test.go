package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
)

// TestAuditDataMinimised (issue 14, finding 9): a username typed at a
// failed sign-in that is no account (here a password typed in the wrong
// field) is shown to nobody, as "nieznany użytkownik"; network addresses
// are shown to administrators only, on the trail and on a record's history.
func TestAuditDataMinimised(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	ctx := t.Context()
	const typed = "tajne-haslo-wpisane-2026" // stored folded to lower case
	if r := app.Client().Post("/login", url.Values{"username": {typed}, "password": {"cokolwiek"}}); r.StatusCode == http.StatusSeeOther {
		t.Fatal("signed in with an unknown username")
	}
	if r := app.Client().Post("/login", url.Values{"username": {"ekspert"}, "password": {"zle-haslo-eksperta"}}); r.StatusCode == http.StatusSeeOther {
		t.Fatal("signed in with a wrong password")
	}
	admin := app.LoginAs("admin")
	u, _, err := app.Store.UserCredentials(ctx, "ekspert")
	if err != nil {
		t.Fatal(err)
	}
	if r := admin.Post("/admin/users/"+itoa(u.ID), url.Values{"display_name": {"Ewa Ekspertka-Nowa"}, "role": {"expert"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("update: %d", r.StatusCode)
	}
	entries, err := app.Store.Audit(ctx, domain.AuditFilter{Action: domain.AuditLoginFailed, Limit: 10})
	if err != nil || len(entries) != 2 {
		t.Fatalf("failed sign-ins = %d, %v", len(entries), err)
	}
	addr := entries[0].Address
	if addr == "" {
		t.Fatal("no address recorded")
	}
	for _, e := range entries {
		if strings.Contains(string(e.After), typed) {
			t.Fatalf("the typed name is kept: %s", e.After)
		}
	}

	viewer := app.LoginAs("obserwator")
	for _, tc := range []struct {
		name      string
		c         *testapp.Client
		addresses bool
	}{{"Viewer", viewer, false}, {"Admin", admin, true}} {
		t.Run(tc.name, func(t *testing.T) {
			trail := tc.c.Get("/audit?" + url.Values{"czynnosc": {string(domain.AuditLoginFailed)}}.Encode())
			if trail.StatusCode != http.StatusOK {
				t.Fatalf("audit: %d", trail.StatusCode)
			}
			if strings.Contains(trail.Body, typed) {
				t.Fatal("the typed username is shown")
			}
			if !strings.Contains(trail.Body, "nieznany użytkownik") || !strings.Contains(trail.Body, "ekspert") {
				t.Fatalf("the failed sign-ins are not shown as unknown and known user\n%s", trail.Body)
			}
			history := tc.c.Get("/audit/user/" + itoa(u.ID))
			if history.StatusCode != http.StatusOK || !strings.Contains(history.Body, "Ewa Ekspertka-Nowa") {
				t.Fatalf("history: %d\n%s", history.StatusCode, history.Body)
			}
			for name, page := range map[string]string{"trail": trail.Body, "history": history.Body} {
				shown := strings.Contains(page, "<td>"+addr+"</td>")
				header := strings.Contains(page, `<th scope="col">Adres</th>`)
				if shown != tc.addresses || header != tc.addresses {
					t.Errorf("%s: address shown %v, column %v, want %v", name, shown, header, tc.addresses)
				}
			}
		})
	}
}
