package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kaizen/internal/testapp"
)

// TestTwoInstances: two instances of the application on one database, a
// client alternating between them (as behind a load balancer without
// sticky sessions): sign in on one, act on the other, sign out on the
// second and the first refuses the old session. Nothing but PostgreSQL is
// shared.
func TestTwoInstances(t *testing.T) {
	t.Parallel()
	a := testapp.New(t)
	b := a.Instance()
	prog, _, _, _ := demoIDs(t, a)
	base := "/programmes/" + itoa(prog)

	onA := a.Client()
	onA.Login("koordynator", "demo")
	onB := onA.On(b)
	if r := onB.Get("/"); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "Agnieszka Malinowska") {
		t.Fatalf("the session of instance A on instance B: %d", r.StatusCode)
	}
	// A create form opened on A, submitted twice on B (CSRF token and
	// one-time form token from the database): one record, a flash on A.
	page := onA.Get(base + "/meetings/new")
	tok := formTokenRE.FindStringSubmatch(page.Body)
	tasks, _ := a.Store.Tasks(t.Context(), prog)
	var pz2 string
	for _, tk := range tasks {
		if tk.Code == "PZ2" {
			pz2 = itoa(tk.ID)
		}
	}
	p, _ := a.Store.Programme(t.Context(), prog)
	day := p.Start.AddDate(0, 9, 0).Format("2006-01-02")
	form := url.Values{"form_token": {tok[1]}, "task": {pz2}, "number": {"31"}, "day": {day}, "place": {"Kłodzko"}, "notes": {"Notatka z " + day}}
	r1, r2 := onB.Post(base+"/meetings", form), onA.Post(base+"/meetings", form)
	if r1.StatusCode != http.StatusSeeOther || r1.Header.Get("Location") != r2.Header.Get("Location") {
		t.Fatalf("double submit across instances: %d %q %q", r1.StatusCode, r1.Header.Get("Location"), r2.Header.Get("Location"))
	}
	if r := onA.Get(r1.Header.Get("Location")); r.StatusCode != 200 || !strings.Contains(r.Body, "Zapisano spotkanie nr 31") {
		t.Fatalf("flash set on B not shown on A: %d", r.StatusCode)
	}
	// Signing out on B ends the session on A too.
	if r := onB.Post("/logout", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout on B: %d", r.StatusCode)
	}
	if r := onA.Get("/"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("instance A still accepts the session ended on B: %d", r.StatusCode)
	}
}
