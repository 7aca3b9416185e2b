package e2e

import (
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kaizen/internal/testapp"
)

// perPattern is how many addresses of one shape (digits as {n}, the query's
// keys) the reflow walk opens: the first programme, session, protocol… of
// each kind that a link leads to, not all 300 sessions of the demo; set
// KAIZEN_REFLOW_PER_PATTERN to open more.
var perPattern = 1

func init() {
	if n, err := strconv.Atoi(os.Getenv("KAIZEN_REFLOW_PER_PATTERN")); err == nil && n > 0 {
		perPattern = n
	}
}

var digits = regexp.MustCompile(`[0-9]+`)

// pagePattern is an address's shape: /programmes/1/sessions/7?page=2 is
// /programmes/{n}/sessions/{n}?page.
func pagePattern(u *url.URL) string {
	keys := make([]string, 0, len(u.Query()))
	for k := range u.Query() {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return digits.ReplaceAllString(u.Path, "{n}") + "?" + strings.Join(keys, "&")
}

// TestReflowEveryPage (WCAG 1.4.10): as each demo role, open every page
// reachable by links from the start page (up to perPattern of each shape)
// and fail for a page that scrolls sideways at 320×640 or at 1280 px with
// 200% zoom (CheckReflow). Tables scroll in their own regions; the page
// must not. axe runs on the pages of TestAccessibilitySweep and the flow
// tests, which check reflow too.
func TestReflowEveryPage(t *testing.T) {
	app := testapp.New(t)
	base, err := url.Parse(app.URL)
	if err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"admin", "koordynator", "ekspert", "kierownik", "obserwator"} {
		t.Run(who, func(t *testing.T) {
			t.Parallel() // each role in its own tab: the walk is mostly waiting for pages
			ctx := browserTab(t, 5*time.Minute)
			signIn(t, ctx, app.URL, who, "demo")
			seen := map[string]bool{}
			shapes := map[string]int{}
			queue := []string{"/"}
			enqueue := func(href string) {
				u, err := url.Parse(href)
				if err != nil || u.Host != base.Host {
					return
				}
				u.Fragment = ""
				key := u.RequestURI()
				if seen[key] || skipLink(key) || shapes[pagePattern(u)] >= perPattern {
					return
				}
				seen[key] = true
				shapes[pagePattern(u)]++
				queue = append(queue, key)
			}
			seen["/"] = true
			opened := 0
			for len(queue) > 0 {
				path := queue[0]
				queue = queue[1:]
				if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+path)); err != nil && strings.Contains(err.Error(), "net::ERR_ABORTED") {
					continue // a file (a scan, an attachment): the browser downloads it
				} else if err != nil {
					t.Fatalf("%s as %s: %v", path, who, err)
				}
				links, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`document.contentType === "text/html" ? [...document.querySelectorAll("a[href]")].filter(a => !a.hasAttribute("download")).map(a => a.href) : null`))
				if err != nil {
					t.Fatalf("%s as %s: %v", path, who, err)
				}
				if links == nil {
					continue // not a page (a file the link did not say it was)
				}
				opened++
				CheckReflow(t, ctx, path+" as "+who)
				for _, l := range links {
					enqueue(l)
				}
			}
			if opened < 5 {
				t.Fatalf("as %s only %d pages were reachable: the walk did not work", who, opened)
			}
			t.Logf("as %s: %d pages at 320 px and at 200%% zoom", who, opened)
		})
	}
}
