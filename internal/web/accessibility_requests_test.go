package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

func a11yRequest(name string) url.Values {
	return url.Values{pages.FieldA11yElement: {"Raport kwartalny (PDF)"}, pages.FieldA11yRequest: {"Proszę o wersję tekstową raportu."},
		pages.FieldA11yName: {name}, pages.FieldA11yEmail: {"jan.kowalski@example.pl"}}
}

func countRequests(t *testing.T, app *testapp.App) int {
	t.Helper()
	qs, err := app.Store.AccessibilityRequests(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return len(qs)
}

// TestA11yRequestForm: the public form refuses bad input with 422 and the
// messages beside the fields, keeps what was typed, takes a good request,
// thanks a robot without keeping anything, and limits each address.
func TestA11yRequestForm(t *testing.T) {
	t.Parallel()
	clk := &testClock{t: warsaw(2027, 4, 1, 10)}
	app := testapp.New(t, testapp.Options{Now: clk.Now})
	sessions := countSessions(t, app)
	anon := app.Client()
	page := anon.Get(paths.AccessibilityRequestForm())
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, `data-testid="a11y-privacy"`) {
		t.Fatalf("form page: %d", page.StatusCode)
	}
	before := countRequests(t, app)

	r := anon.Post(paths.AccessibilityRequestForm(), url.Values{})
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("empty request: %d", r.StatusCode)
	}
	for field, msg := range map[string]string{pages.FieldA11yElement: "Wskaż stronę lub element", pages.FieldA11yRequest: "Opisz, czego potrzebujesz",
		pages.FieldA11yName: "Podaj imię i nazwisko", pages.FieldA11yEmail: "Podaj adres e-mail albo numer telefonu"} {
		if !strings.Contains(r.Body, `id="f-`+field+`-error"><span class="visually-hidden">Błąd: </span>`+msg) {
			t.Errorf("%s: no message %q beside the field", field, msg)
		}
	}
	bad := a11yRequest("Jan Kowalski")
	bad.Set(pages.FieldA11yEmail, "jan@")
	bad.Set(pages.FieldA11yPhone, "12")
	r = anon.Post(paths.AccessibilityRequestForm(), bad)
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Podaj poprawny adres e-mail") || !strings.Contains(r.Body, "Podaj poprawny numer telefonu") {
		t.Fatalf("bad contact: %d", r.StatusCode)
	}
	for _, kept := range []string{`value="jan@"`, `value="Jan Kowalski"`, `value="Raport kwartalny (PDF)"`, "Proszę o wersję tekstową raportu.</textarea>"} {
		if !strings.Contains(r.Body, kept) {
			t.Errorf("typed %s not kept", kept)
		}
	}
	if n := countRequests(t, app); n != before {
		t.Fatalf("invalid requests stored: %d → %d", before, n)
	}

	r = anon.Post(paths.AccessibilityRequestForm(), a11yRequest("Jan Kowalski"))
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != paths.AccessibilityRequestSent() {
		t.Fatalf("good request: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if r := anon.Get(paths.AccessibilityRequestSent()); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `data-testid="a11y-request-sent"`) {
		t.Fatalf("thanks: %d", r.StatusCode)
	}
	qs, _ := app.Store.AccessibilityRequests(t.Context())
	var got *domain.AccessibilityRequest
	for _, q := range qs {
		if q.Name == "Jan Kowalski" {
			got = q
		}
	}
	if got == nil || got.Status != domain.A11yRequestNew || !got.ReceivedAt.Equal(clk.Now()) {
		t.Fatalf("stored request = %+v", got)
	}
	entries, _ := app.Store.AuditFor(t.Context(), "accessibility_request", itoa(got.ID))
	if len(entries) != 1 || entries[0].Address != "" || entries[0].Action != domain.AuditCreate {
		t.Errorf("creation entry = %+v (no address may be kept)", entries)
	}

	// The honeypot: thanked, nothing kept.
	robot := a11yRequest("Robot")
	robot.Set(pages.FieldA11yWebsite, "https://spam.example")
	if r := anon.Post(paths.AccessibilityRequestForm(), robot); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("robot: %d", r.StatusCode)
	}
	if n := countRequests(t, app); n != before+1 {
		t.Fatalf("the robot's request was stored: %d", n-before)
	}

	if n := countSessions(t, app); n != sessions {
		t.Errorf("the anonymous form wrote %d session rows", n-sessions)
	}

	// Five an hour from one address (the robot's counted): the sixth is
	// refused, from another browser too, with what was typed kept.
	for i := range 3 {
		if r := app.Client().Post(paths.AccessibilityRequestForm(), a11yRequest("Osoba "+itoa(int64(i)))); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("request %d: %d", i+3, r.StatusCode)
		}
	}
	r = app.Client().Post(paths.AccessibilityRequestForm(), a11yRequest("Szósta Osoba"))
	if r.StatusCode != http.StatusTooManyRequests || !strings.Contains(r.Body, "zbyt wiele żądań") || !strings.Contains(r.Body, `value="Szósta Osoba"`) ||
		r.Header.Get("Retry-After") == "" {
		t.Fatalf("sixth request: %d", r.StatusCode)
	}
	if n := countRequests(t, app); n != before+4 {
		t.Fatalf("stored %d, want 4", n-before)
	}
	clk.Set(clk.Now().Add(domain.A11yRequestWindow + time.Minute))
	if r := app.Client().Post(paths.AccessibilityRequestForm(), a11yRequest("Szósta Osoba")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("after an hour: %d", r.StatusCode)
	}
}

// rowOf is the table row of the requests list that names name.
func rowOf(body, name string) string {
	for _, row := range strings.Split(body, "<tr>") {
		if strings.Contains(row, "<td>"+name+"</td>") {
			return row
		}
	}
	return ""
}

// TestA11yRequestsAdmin: administrators see the requests with their
// deadlines, the overdue ones marked (fixed clock), and answer them.
func TestA11yRequestsAdmin(t *testing.T) {
	t.Parallel()
	clk := &testClock{t: warsaw(2027, 4, 1, 10)}
	app := testapp.New(t, testapp.Options{Now: clk.Now})
	if r := app.Client().Post(paths.AccessibilityRequestForm(), a11yRequest("Jan Kowalski")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("request: %d", r.StatusCode)
	}
	admin := app.LoginAs("admin")
	row := rowOf(admin.Get(paths.AdminAccessibilityRequests()).Body, "Jan Kowalski")
	if !strings.Contains(row, "08.04.2027") || !strings.Contains(row, "01.06.2027") || strings.Contains(row, "a11y-overdue") || !strings.Contains(row, ">nowa<") {
		t.Fatalf("row on the day it came: %s", row)
	}
	clk.Set(warsaw(2027, 4, 8, 23))
	if row := rowOf(admin.Get(paths.AdminAccessibilityRequests()).Body, "Jan Kowalski"); strings.Contains(row, "a11y-overdue") {
		t.Errorf("overdue on the deadline's day: %s", row)
	}
	clk.Set(warsaw(2027, 4, 9, 8))
	if row := rowOf(admin.Get(paths.AdminAccessibilityRequests()).Body, "Jan Kowalski"); !strings.Contains(row, `data-testid="a11y-overdue"`) || !strings.Contains(row, "po terminie 7 dni") {
		t.Errorf("not marked overdue the day after: %s", row)
	}
	if home := admin.Get("/").Body; !strings.Contains(home, `data-testid="a11y-overdue-requests"`) {
		t.Error("the start page does not count the overdue request")
	}

	qs, _ := app.Store.AccessibilityRequests(t.Context())
	var id int64
	for _, q := range qs {
		if q.Name == "Jan Kowalski" {
			id = q.ID
		}
	}
	page := admin.Get(paths.AdminAccessibilityRequest(id))
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, "jan.kowalski@example.pl") {
		t.Fatalf("request page: %d", page.StatusCode)
	}
	r := admin.Post(paths.AdminAccessibilityRequest(id), url.Values{pages.FieldA11yStatus: {"refused"}, pages.FieldVersion: {"1"}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="f-answer-error"`) || !strings.Contains(r.Body, `<option value="refused" selected>`) {
		t.Fatalf("refusal without a note: %d", r.StatusCode)
	}
	r = admin.Post(paths.AdminAccessibilityRequest(id), url.Values{pages.FieldA11yStatus: {"done"}, pages.FieldA11yAnswer: {"Wysłano tekst raportu e-mailem."}, pages.FieldVersion: {"1"}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != paths.AdminAccessibilityRequest(id) {
		t.Fatalf("answer: %d", r.StatusCode)
	}
	if row := rowOf(admin.Get(paths.AdminAccessibilityRequests()).Body, "Jan Kowalski"); strings.Contains(row, "a11y-overdue") || !strings.Contains(row, ">załatwiona<") {
		t.Errorf("settled row: %s", row)
	}
	entries, _ := app.Store.AuditFor(t.Context(), "accessibility_request", itoa(id))
	var audited bool
	for _, e := range entries {
		var b, a domain.AccessibilityRequest
		if e.Action == domain.AuditUpdate && json.Unmarshal(e.Before, &b) == nil && json.Unmarshal(e.After, &a) == nil {
			audited = e.ActorUsername == "admin" && b.Status == domain.A11yRequestNew && a.Status == domain.A11yRequestDone && a.Answer != ""
		}
	}
	if !audited {
		t.Errorf("answer not audited with before and after: %+v", entries)
	}
	// Saved on a version someone else changed: 409 with the current answer.
	r = admin.Post(paths.AdminAccessibilityRequest(id), url.Values{pages.FieldA11yStatus: {"in_progress"}, pages.FieldVersion: {"1"}})
	if r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "Wysłano tekst raportu e-mailem.") {
		t.Errorf("stale answer: %d", r.StatusCode)
	}
	if r := admin.Get(paths.AdminAccessibilityRequest(999999)); r.StatusCode != http.StatusNotFound {
		t.Errorf("missing request: %d", r.StatusCode)
	}
}
