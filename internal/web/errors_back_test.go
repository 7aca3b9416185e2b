package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

var backLink = regexp.MustCompile(`<a href="([^"]*)"[^>]*data-testid="error-back"`)

// back is the error page's way back to the form's page ("" for none).
func back(body string) string {
	m := backLink.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return strings.ReplaceAll(m[1], "&amp;", "&")
}

// An error page after a failed form leads back to the page the form was on
// (its hidden return field), never to another site.
func TestErrorPageLeadsBack(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	prog, _, leader, _ := demoIDs(t, app)
	coord, admin := app.LoginAs("koordynator"), app.LoginAs("admin")
	q := app.DemoQuarter(t, 6)
	dashboard := paths.Indicators(prog) + "?period=" + q

	// Every form carries the page it is on.
	page := coord.Get(dashboard)
	if !strings.Contains(page.Body, `name="return" value="`+strings.ReplaceAll(dashboard, "&", "&amp;")+`"`) {
		t.Fatalf("the close form does not carry its page:\n%s", page.Body)
	}
	title := regexp.MustCompile(`name="return_title" value="([^"]*)"`).FindStringSubmatch(page.Body)
	if title == nil || !strings.Contains(title[1], "Wskaźniki") {
		t.Fatalf("the close form does not carry its page's title: %v", title)
	}

	t.Run("ClosingTwice", func(t *testing.T) {
		form := url.Values{"request_no": {"WNP/1"}, "return": {dashboard}}
		if r := coord.Post(paths.PeriodClose(prog, q), form); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("close: %d", r.StatusCode)
		}
		form.Set("return_title", "Wskaźniki <b>programu</b>")
		r := coord.Post(paths.PeriodClose(prog, q), form)
		if r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "już zamknięty") || back(r.Body) != dashboard {
			t.Fatalf("closing twice: %d, back %q\n%s", r.StatusCode, back(r.Body), r.Body)
		}
		if !strings.Contains(r.Body, "Wróć do strony „Wskaźniki &lt;b&gt;programu&lt;/b&gt;”") {
			t.Errorf("the way back is not named after the form's page:\n%s", r.Body)
		}
		// The closed period offers no closing, and the periods cannot change.
		if d := coord.Get(dashboard); strings.Contains(d.Body, `data-testid="close-form"`) {
			t.Error("a closed period still offers to close it")
		}
		periods := coord.Get(paths.Periods(prog))
		if !strings.Contains(periods.Body, `data-testid="periods-locked"`) || strings.Contains(periods.Body, "Zapisz okresy") {
			t.Error("the periods page offers to change periods while one is closed")
		}
	})
	t.Run("ReopenWithoutReason", func(t *testing.T) {
		r := admin.Post(paths.PeriodReopen(prog, q), url.Values{"return": {dashboard}})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Podaj powód") || back(r.Body) != dashboard {
			t.Fatalf("reopen without a reason: %d, back %q", r.StatusCode, back(r.Body))
		}
	})
	t.Run("DocumentOfSubmittedProtocol", func(t *testing.T) {
		ids := protocolFixture(t, app, prog, leader)
		product := paths.Product(prog, ids.product)
		p := coord.Get(product)
		if p.StatusCode != 200 || !strings.Contains(p.Body, `data-testid="document-locked"`) ||
			strings.Contains(p.Body, paths.ProductFileDelete(prog, ids.product, ids.productFile)) {
			t.Fatalf("the product page offers to delete a submitted document: %d", p.StatusCode)
		}
		r := coord.Post(paths.ProductFileDelete(prog, ids.product, ids.productFile), url.Values{"return": {product}})
		if r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "przekazanego protokołu") || back(r.Body) != product {
			t.Fatalf("deleting a submitted document: %d, back %q", r.StatusCode, back(r.Body))
		}
	})
	t.Run("NeverAnotherSite", func(t *testing.T) {
		for _, ret := range []string{"//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "evil", "/a\nb", ""} {
			r := coord.Post(paths.PeriodClose(prog, q), url.Values{"return": {ret}})
			if r.StatusCode != http.StatusConflict {
				t.Fatalf("%q: %d", ret, r.StatusCode)
			}
			if b := back(r.Body); b != "" || strings.Contains(r.Body, "evil.example") {
				t.Errorf("return %q gave a way back to %q", ret, b)
			}
			if !strings.Contains(r.Body, `href="/"`) {
				t.Errorf("return %q: no link to the start page", ret)
			}
		}
	})
}
