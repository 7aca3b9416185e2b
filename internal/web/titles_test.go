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
