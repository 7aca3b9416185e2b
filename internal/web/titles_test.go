package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

// pageFacts reads a page's title and the ids used more than once.
func pageFacts(body string) (title string, dupIDs []string) {
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		return "", nil
	}
	seen := map[string]int{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if n.Data == "title" && n.FirstChild != nil && title == "" {
				title = n.FirstChild.Data
			}
			for _, a := range n.Attr {
				if a.Key == "id" {
					seen[a.Val]++
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	for id, n := range seen {
		if n > 1 {
			dupIDs = append(dupIDs, id)
		}
	}
	sort.Strings(dupIDs)
	return title, dupIDs
}

var hrefRE = regexp.MustCompile(`href="(/[^"#]*)`)

// crawlable says whether a link leads to a page (not a download, a static
// file or a list only sorted or filtered otherwise).
func crawlable(u *url.URL) bool {
	p := u.Path
	if strings.HasPrefix(p, "/static/") || strings.HasSuffix(p, ".csv") || strings.HasSuffix(p, ".pdf") ||
		strings.Contains(p, "/files/") || strings.Contains(p, "/scans/") || strings.Contains(p, "/export") || p == "/logout" {
		return false
	}
	return true
}

// pageKey is what makes two addresses different pages: the path, the
// record filters and the page of a list; the order of a list (sort, dir)
// shows the same page.
func pageKey(u *url.URL) string {
	q := u.Query()
	q.Del("sort")
	q.Del("dir")
	if len(q) == 0 {
		return u.Path
	}
	return u.Path + "?" + q.Encode()
}

// TestTitlesUniqueAndIDs walks every page each role reaches by links from
// the start page and checks that different pages have different titles,
// that no page has an id twice, and that pages answering with an error
// status say so first in their title.
func TestTitlesUniqueAndIDs(t *testing.T) {
	app := testapp.New(t)
	const perRole = 1500
	titles := map[string]map[string]bool{} // title → page keys
	for _, who := range []string{"admin", "koordynator", "kierownik", "obserwator", "ekspert"} {
		c := app.LoginAs(who)
		queue := []string{"/"}
		seen := map[string]bool{"/": true}
		for n := 0; len(queue) > 0 && n < perRole; n++ {
			path := queue[0]
			queue = queue[1:]
			r := c.Get(path)
			if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
				continue
			}
			title, dup := pageFacts(r.Body)
			if len(dup) > 0 {
				t.Errorf("%s as %s: ids used more than once: %v", path, who, dup)
			}
			if r.StatusCode >= 400 != strings.HasPrefix(title, "Błąd: ") {
				t.Errorf("%s as %s: status %d, title %q", path, who, r.StatusCode, title)
			}
			if r.StatusCode != http.StatusOK {
				continue
			}
			u, _ := url.Parse(path)
			if titles[title] == nil {
				titles[title] = map[string]bool{}
			}
			titles[title][pageKey(u)] = true
			for _, m := range hrefRE.FindAllStringSubmatch(r.Body, -1) {
				link := html.UnescapeString(m[1])
				lu, err := url.Parse(link)
				if err != nil || !crawlable(lu) {
					continue
				}
				if k := pageKey(lu); !seen[k] {
					seen[k] = true
					queue = append(queue, link)
				}
			}
		}
		if len(queue) > 0 {
			t.Logf("%s: stopped after %d pages, %d not visited", who, perRole, len(queue))
		}
	}
	var dups []string
	for title, keys := range titles {
		if len(keys) > 1 {
			var ks []string
			for k := range keys {
				ks = append(ks, k)
			}
			sort.Strings(ks)
			if len(ks) > 3 {
				ks = append(ks[:3], "…")
			}
			dups = append(dups, title+" ("+itoaT(len(keys))+"): "+strings.Join(ks, ", "))
		}
	}
	sort.Strings(dups)
	for _, d := range dups {
		t.Errorf("title shared by different pages: %s", d)
	}
}

func itoaT(n int) string { return strconv.Itoa(n) }

// TestErrorTitles: a page answering 4xx starts its title with "Błąd: ",
// whether it is an error page or a form re-rendered with its messages, and
// keeps its ids unique.
func TestErrorTitles(t *testing.T) {
	app := testapp.New(t)
	anon := app.Client()
	obs := app.LoginAs("obserwator")
	koord := app.LoginAs("koordynator")
	for _, c := range []struct {
		name   string
		r      *testapp.Response
		status int
		title  string
	}{
		{"sign-in refused", anon.Post("/login", url.Values{"username": {"demo"}, "password": {"zle-haslo-123"}}), 422, "Błąd: Logowanie · Kaizen"},
		{"sign-in empty", anon.Post("/login", url.Values{}), 422, "Błąd: Logowanie · Kaizen"},
		{"not found", obs.Get("/nie-ma-takiej-strony"), 404, "Błąd: Nie znaleziono strony · Kaizen"},
		{"forbidden", obs.Get("/admin/users"), 403, "Błąd: Brak dostępu · Kaizen"},
		{"password form", koord.Post("/account/password", url.Values{}), 422, "Błąd: Zmiana hasła · Kaizen"},
	} {
		if c.r.StatusCode != c.status {
			t.Errorf("%s: status %d, want %d", c.name, c.r.StatusCode, c.status)
		}
		title, dup := pageFacts(c.r.Body)
		if title != c.title {
			t.Errorf("%s: title %q, want %q", c.name, title, c.title)
		}
		if len(dup) > 0 {
			t.Errorf("%s: ids used more than once: %v", c.name, dup)
		}
	}
}

// TestOneSummaryPerFailedForm: on a training session page only the form
// that was posted shows its errors, once, linking to fields of the page;
// a period's messages name its row.
func TestOneSummaryPerFailedForm(t *testing.T) {
	app := testapp.New(t)
	prog := app.DemoProgramme(t)
	sessions, err := app.Store.TrainingSessions(t.Context(), prog.ID)
	if err != nil {
		t.Fatal(err)
	}
	koord := app.LoginAs("koordynator")
	// The attendance form without its version: an attendance error only;
	// the address bar goes back to the session's page (the form carried it).
	page := paths.TrainingSession(prog.ID, sessions[0].ID)
	r := koord.Post(paths.TrainingSessionAttendance(prog.ID, sessions[0].ID), url.Values{"return": {page}})
	if !strings.Contains(r.Body, `data-url="`+page+`"`) {
		t.Error("the failed form's page does not replace the POST-only address")
	}
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("attendance: status %d", r.StatusCode)
	}
	if strings.Contains(r.Body, "Nie dodano uczestnika") || strings.Contains(r.Body, "Nie dołączono skanu") || strings.Contains(r.Body, `href="#f-attendance"`) {
		t.Error("an attendance error shows in the other forms' summaries")
	}
	if !strings.Contains(r.Body, "Nie zapisano obecności") {
		t.Error("the attendance error has no heading naming it")
	}
	// The add-participant form empty: its own summary, once.
	r = koord.Post(paths.TrainingSessionParticipants(prog.ID, sessions[0].ID), url.Values{})
	if n := strings.Count(r.Body, `class="error-summary"`); r.StatusCode != http.StatusUnprocessableEntity || n != 1 {
		t.Errorf("participant form: status %d, %d summaries", r.StatusCode, n)
	}
	ids := regexp.MustCompile(`href="#([^"]+)"`)
	for _, m := range ids.FindAllStringSubmatch(r.Body, -1) {
		if !strings.Contains(r.Body, `id="`+m[1]+`"`) {
			t.Errorf("the page links to #%s, which it does not have", m[1])
		}
	}
	// Periods: the message names the row.
	r = koord.Post(paths.Periods(prog.ID), url.Values{"code": {"A", "B"}, "start": {prog.Start.Format("2006-01-02"), ""}, "end": {prog.Start.AddDate(0, 3, 0).Format("2006-01-02"), prog.End.Format("2006-01-02")}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Podaj datę rozpoczęcia okresu 2") {
		t.Errorf("periods: status %d, the message does not name the row", r.StatusCode)
	}
}

// TestConfirmationInTheSection: after saving attendance the redirect leads
// to the confirmation, which stands inside the attendance section.
func TestConfirmationInTheSection(t *testing.T) {
	app := testapp.New(t)
	prog := app.DemoProgramme(t)
	sessions, _ := app.Store.TrainingSessions(t.Context(), prog.ID)
	koord := app.LoginAs("koordynator")
	page := koord.Get(paths.TrainingSession(prog.ID, sessions[0].ID))
	version := regexp.MustCompile(`name="attendance_version" value="(\d+)"`).FindStringSubmatch(page.Body)
	if version == nil {
		t.Fatal("no attendance version on the page")
	}
	r := koord.Post(paths.TrainingSessionAttendance(prog.ID, sessions[0].ID), url.Values{"attendance_version": {version[1]}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != paths.TrainingSession(prog.ID, sessions[0].ID)+"#komunikat" {
		t.Fatalf("status %d, Location %q", r.StatusCode, r.Header.Get("Location"))
	}
	body := koord.Get(paths.TrainingSession(prog.ID, sessions[0].ID)).Body
	section, flash := strings.Index(body, `id="obecnosc"`), strings.Index(body, `id="komunikat"`)
	if section < 0 || flash < section || strings.Count(body, "Zapisano obecność.") != 1 {
		t.Errorf("the confirmation is not (once) inside the attendance section: section at %d, message at %d", section, flash)
	}
	if !strings.Contains(body[flash-100:flash+100], `autofocus`) || !strings.Contains(body[flash-100:flash+100], `tabindex="-1"`) {
		t.Error("the confirmation cannot take focus")
	}
}
