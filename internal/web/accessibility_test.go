package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"kaizen/internal/demo"
	"kaizen/internal/domain"
	"kaizen/internal/testapp"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

// testClock is a fixed clock a test moves.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

func warsaw(y int, m time.Month, d, h int) time.Time {
	return time.Date(y, m, d, h, 0, 0, 0, domain.Warsaw)
}

// a11yRequestFixture is a request of the demo (the authorization matrix).
func a11yRequestFixture(t *testing.T, app *testapp.App) int64 {
	t.Helper()
	qs, err := app.Store.AccessibilityRequests(t.Context())
	if err != nil || len(qs) == 0 {
		t.Fatalf("demo requests: %d, %v", len(qs), err)
	}
	return qs[0].ID
}

// statementForm is the stored statement as its form posts it.
func statementForm(t *testing.T, app *testapp.App) url.Values {
	t.Helper()
	st, err := app.Store.AccessibilityStatement(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return url.Values(pages.StatementValues(st))
}

var a11yIDs = []string{"a11y-wstep", "a11y-podmiot", "a11y-url", "a11y-data-publikacja", "a11y-data-aktualizacja", "a11y-status",
	"a11y-data-sporzadzenie", "a11y-data-przeglad", "a11y-kontakt", "a11y-osoba", "a11y-email", "a11y-telefon", "a11y-procedura",
	"a11y-architektura", "a11y-aplikacje", "a11y-ocena"}

var timeRE = regexp.MustCompile(`<time id="(a11y-data-[a-z]+)" datetime="([^"]*)">([^<]*)</time>`)

func TestStatementPublic(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	for _, who := range []string{"anon", "kierownik", "admin"} {
		c := app.Client()
		if who != "anon" {
			c = app.LoginAs(who)
		}
		r := c.Get(paths.AccessibilityStatement())
		if r.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", who, r.StatusCode)
		}
		for _, id := range a11yIDs {
			if strings.Count(r.Body, `id="`+id+`"`) != 1 {
				t.Errorf("%s: element #%s missing or repeated", who, id)
			}
		}
		dates := map[string]bool{}
		for _, m := range timeRE.FindAllStringSubmatch(r.Body, -1) {
			if _, err := time.Parse("2006-01-02", m[2]); err != nil || m[2] != m[3] {
				t.Errorf("%s: <time datetime=%q>%s</time>", m[1], m[2], m[3])
			}
			dates[m[1]] = true
		}
		if len(dates) != 4 {
			t.Errorf("%s: dates in <time datetime>: %v, want the four", who, dates)
		}
		for _, want := range []string{demo.A11yContact, "częściowo zgodna", `href="mailto:dostepnosc@example.pl"`, `href="tel:748321000"`, `href="` + paths.AccessibilityRequestForm() + `"`} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("%s: the statement lacks %s", who, want)
			}
		}
		if edit := strings.Contains(r.Body, `href="`+paths.AdminAccessibility()+`"`); edit != (who == "admin") {
			t.Errorf("%s: edit link shown = %v", who, edit)
		}
	}
	// Every page's footer links to it, the sign-in page's too.
	for _, p := range []string{paths.Login(), paths.AccessibilityRequestForm(), "/no-such-page"} {
		if r := app.Client().Get(p); !strings.Contains(r.Body, `data-testid="footer-a11y"`) || !strings.Contains(r.Body, `href="/deklaracja-dostepnosci"`) {
			t.Errorf("%s: no link to the statement in the footer", p)
		}
	}
	if r := app.LoginAs("ekspert").Get("/"); !strings.Contains(r.Body, `data-testid="footer-a11y"`) {
		t.Error("start page: no link to the statement in the footer")
	}
}

func TestStatementForm(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	admin := app.LoginAs("admin")
	if r := admin.Get(paths.AdminAccessibility()); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `value="`+demo.A11yContact+`"`) {
		t.Fatalf("form: %d", r.StatusCode)
	}
	good := statementForm(t, app)

	t.Run("Invalid", func(t *testing.T) {
		f := url.Values{}
		for k, v := range good {
			f[k] = v
		}
		f.Set(pages.FieldA11yPublishedOn, "31.02.2027")
		f.Set(pages.FieldA11yEmail, "zly-adres")
		f.Set(pages.FieldA11yEntity, "")
		f.Set(pages.FieldA11yNonAccessible, "")
		f.Set(pages.FieldA11yReviewedOn, "")
		f.Set(pages.FieldA11yContact, "Michał Wróbel")
		r := admin.Post(paths.AdminAccessibility(), f)
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", r.StatusCode)
		}
		for field, msg := range map[string]string{
			pages.FieldA11yPublishedOn: "Podaj poprawną datę", pages.FieldA11yEmail: "Podaj poprawny adres e-mail",
			pages.FieldA11yEntity: "Podaj nazwę podmiotu", pages.FieldA11yNonAccessible: "Wymień elementy niedostępne",
			pages.FieldA11yReviewedOn: "Podaj datę ostatniego przeglądu",
		} {
			re := regexp.MustCompile(`id="f-` + field + `-error"><span class="visually-hidden">Błąd: </span>([^<]*)<`)
			if m := re.FindStringSubmatch(r.Body); m == nil || !strings.Contains(m[1], msg) {
				t.Errorf("%s: message beside the field = %v, want %q", field, m, msg)
			}
		}
		for _, kept := range []string{`value="31.02.2027"`, `value="zly-adres"`, `value="Michał Wróbel"`} {
			if !strings.Contains(r.Body, kept) {
				t.Errorf("typed %s not kept", kept)
			}
		}
		if st, _ := app.Store.AccessibilityStatement(t.Context()); st.ContactPerson != demo.A11yContact {
			t.Error("an invalid form changed the statement")
		}
	})

	f := url.Values{}
	for k, v := range good {
		f[k] = v
	}
	f.Set(pages.FieldA11yContact, "Michał Wróbel")
	f.Set(pages.FieldA11yStatus, string(domain.A11yFull))
	f.Set(pages.FieldA11yNonAccessible, "")
	r := admin.Post(paths.AdminAccessibility(), f)
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != paths.AdminAccessibility() {
		t.Fatalf("save: %d %s\n%s", r.StatusCode, r.Header.Get("Location"), r.Body)
	}
	pub := app.Client().Get(paths.AccessibilityStatement())
	if !strings.Contains(pub.Body, `<span id="a11y-osoba">Michał Wróbel</span>`) || !strings.Contains(pub.Body, "<strong>zgodna</strong>") ||
		strings.Contains(pub.Body, `data-testid="a11y-niedostepne"`) {
		t.Error("the public statement does not show the change")
	}
	entries, err := app.Store.AuditFor(t.Context(), "accessibility_statement", "1")
	if err != nil {
		t.Fatal(err)
	}
	var audited bool
	for _, e := range entries {
		var before, after domain.AccessibilityStatement
		if e.Action == domain.AuditUpdate && e.ActorUsername == "admin" && json.Unmarshal(e.Before, &before) == nil && json.Unmarshal(e.After, &after) == nil {
			audited = before.ContactPerson == demo.A11yContact && after.ContactPerson == "Michał Wróbel" && before.Status == domain.A11yPartial && after.Status == domain.A11yFull
		}
	}
	if !audited {
		t.Errorf("no audit entry with the change before and after: %+v", entries)
	}

	t.Run("Stale", func(t *testing.T) {
		f.Set(pages.FieldA11yContact, "Ktoś Inny") // the version read before the save above
		r := admin.Post(paths.AdminAccessibility(), f)
		if r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, `value="Michał Wróbel"`) {
			t.Fatalf("stale save: %d", r.StatusCode)
		}
	})
}

// TestStatementReviewReminder: the administrators' start page reminds of
// the yearly review from 1 March and marks it overdue after 31 March, on
// a fixed clock.
func TestStatementReviewReminder(t *testing.T) {
	t.Parallel()
	clk := &testClock{t: warsaw(2027, 3, 10, 9)}
	app := testapp.New(t, testapp.Options{Now: clk.Now})
	st, err := app.Store.AccessibilityStatement(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	st.PublishedOn, st.UpdatedOn, st.PreparedOn, st.ReviewedOn = day(t, "2025-09-01"), day(t, "2026-05-01"), day(t, "2025-09-01"), day(t, "2026-05-01")
	if err := app.Store.SaveAccessibilityStatement(t.Context(), domain.Actor{Username: "test"}, st); err != nil {
		t.Fatal(err)
	}
	admin, coord := app.LoginAs("admin"), app.LoginAs("koordynator")
	review := regexp.MustCompile(`data-testid="a11y-review">(.*?)</p>`)
	for _, c := range []struct {
		name string
		now  time.Time
		want string // "" when no reminder
	}{
		{"BeforeMarch", warsaw(2027, 2, 27, 12), ""},
		{"March", warsaw(2027, 3, 10, 9), "Do 31.03.2027 trzeba przejrzeć deklarację"},
		{"LastDay", warsaw(2027, 3, 31, 23), "Do 31.03.2027 trzeba przejrzeć deklarację"},
		{"AfterDeadline", warsaw(2027, 4, 1, 0), "Po terminie:"},
	} {
		t.Run(c.name, func(t *testing.T) {
			clk.Set(c.now)
			m := review.FindStringSubmatch(admin.Get("/").Body)
			switch {
			case c.want == "" && m != nil:
				t.Errorf("reminder shown: %s", m[1])
			case c.want != "" && (m == nil || !strings.Contains(m[1], c.want)):
				t.Errorf("reminder = %v, want %q", m, c.want)
			}
			if strings.Contains(coord.Get("/").Body, `data-testid="a11y-reminder"`) {
				t.Error("a coordinator sees the administrators' reminder")
			}
		})
	}
	// Reviewed (after the deadline): no reminder until next March.
	clk.Set(warsaw(2027, 4, 2, 10))
	f := statementForm(t, app)
	f.Set(pages.FieldA11yReviewedOn, "2027-04-02")
	if r := admin.Post(paths.AdminAccessibility(), f); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("review: %d", r.StatusCode)
	}
	if m := review.FindStringSubmatch(admin.Get("/").Body); m != nil {
		t.Errorf("reminder after the review: %s", m[1])
	}
	clk.Set(warsaw(2028, 3, 1, 8))
	if m := review.FindStringSubmatch(admin.Get("/").Body); m == nil {
		t.Error("no reminder on 1 March of the next year")
	}
}

func day(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := domain.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestStatementFirst: before a statement is published the public address
// says so (404), administrators are reminded to publish one, and the form
// creates it.
func TestStatementFirst(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	good := statementForm(t, app)
	if _, err := app.Store.Pool.Exec(t.Context(), `DELETE FROM accessibility_statement`); err != nil {
		t.Fatal(err)
	}
	if r := app.Client().Get(paths.AccessibilityStatement()); r.StatusCode != http.StatusNotFound || !strings.Contains(r.Body, "nie została jeszcze opublikowana") {
		t.Fatalf("no statement: %d", r.StatusCode)
	}
	admin := app.LoginAs("admin")
	if home := admin.Get("/").Body; !strings.Contains(home, "nie ma jeszcze deklaracji dostępności") {
		t.Error("no reminder to publish the statement")
	}
	if r := admin.Get(paths.AdminAccessibility()); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `name="version" value="0"`) {
		t.Fatalf("empty form: %d", r.StatusCode)
	}
	good.Set(pages.FieldVersion, "0")
	if r := admin.Post(paths.AdminAccessibility(), good); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("first save: %d\n%s", r.StatusCode, r.Body)
	}
	if r := app.Client().Get(paths.AccessibilityStatement()); r.StatusCode != http.StatusOK {
		t.Fatalf("published: %d", r.StatusCode)
	}
	entries, _ := app.Store.AuditFor(t.Context(), "accessibility_statement", "1")
	var created bool
	for _, e := range entries {
		created = created || (e.Action == domain.AuditCreate && e.ActorUsername == "admin" && e.Before == nil && len(e.After) > 0)
	}
	if !created {
		t.Errorf("creation not audited: %+v", entries)
	}
}
