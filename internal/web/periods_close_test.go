package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

// A period is closed from the periods page in two steps: the first POST
// states what will be frozen and saves nothing; the confirmed POST closes
// it and returns to the periods page.
func TestClosePeriodFromPeriodsPage(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	prog, _, _, _ := demoIDs(t, app)
	coord := app.LoginAs("koordynator")
	ended, running := app.DemoQuarter(t, 6), app.DemoQuarter(t, 25)
	confirm := paths.PeriodCloseConfirm(prog, ended)

	page := coord.Get(paths.Periods(prog))
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, `action="`+confirm+`"`) {
		t.Fatalf("the periods page does not offer to close the ended period %s: %d\n%s", ended, page.StatusCode, page.Body)
	}
	// The rows of the periods form are named after their period.
	for _, label := range []string{">Okres 1: kod</label>", ">Okres 2: od</label>", ">Okres 2: do</label>"} {
		if !strings.Contains(page.Body, label) {
			t.Errorf("the periods form has no field %s", label)
		}
	}
	if strings.Contains(page.Body, `action="`+paths.PeriodCloseConfirm(prog, running)+`"`) {
		t.Errorf("the periods page offers to close %s, which has not ended", running)
	}

	t.Run("NotEnded", func(t *testing.T) {
		r := coord.Post(paths.PeriodCloseConfirm(prog, running), url.Values{})
		if r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "jeszcze trwa") {
			t.Fatalf("confirming a running period: %d", r.StatusCode)
		}
	})

	r := coord.Post(confirm, url.Values{"request_no": {"WNP/9"}})
	if r.StatusCode != http.StatusOK {
		t.Fatalf("confirmation: %d\n%s", r.StatusCode, r.Body)
	}
	for _, want := range []string{
		"Zamknąć okres " + ended + "?",
		"Co zostanie zamrożone",
		"okresów sprawozdawczych programu nie będzie można zmienić",
		"korekty w następnym sprawozdaniu",
		`data-testid="frozen-values"`,
		`<caption id="wartosci-do-zamrozenia">`,
		`action="` + paths.PeriodClose(prog, ended) + `"`,
		`name="back" value="periods"`,
		`value="WNP/9"`,
		"novalidate",
	} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("the confirmation lacks %q", want)
		}
	}
	for _, p := range markupProblems(r.Body) {
		t.Errorf("the confirmation page: %s", p)
	}
	if cs, err := app.Store.Closings(t.Context(), prog); err != nil || len(cs) != 0 {
		t.Fatalf("the first step saved a closing: %v, %v", cs, err)
	}

	done := coord.Post(paths.PeriodClose(prog, ended), url.Values{"request_no": {"WNP/9"}, "back": {"periods"}})
	if done.StatusCode != http.StatusSeeOther || done.Header.Get("Location") != paths.Periods(prog) {
		t.Fatalf("confirmed close: %d to %q", done.StatusCode, done.Header.Get("Location"))
	}
	cs, err := app.Store.Closings(t.Context(), prog)
	if err != nil || len(cs) != 1 || cs[0].Period != ended || cs[0].RequestNo != "WNP/9" {
		t.Fatalf("closings after confirming: %v, %v", cs, err)
	}
	after := coord.Get(paths.Periods(prog))
	if strings.Contains(after.Body, `action="`+confirm+`"`) || !strings.Contains(after.Body, "zamknięty") {
		t.Errorf("the periods page still offers to close the closed period %s", ended)
	}
	again := coord.Post(confirm, url.Values{})
	if again.StatusCode != http.StatusConflict || !strings.Contains(again.Body, "już zamknięty") {
		t.Errorf("confirming a closed period: %d", again.StatusCode)
	}
}

// Only those who may close periods see the buttons; the others get 403.
func TestClosePeriodConfirmForbidden(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	prog, _, _, _ := demoIDs(t, app)
	ended := app.DemoQuarter(t, 6)
	for _, who := range []string{"ekspert", "obserwator", "kierownik"} {
		if r := app.LoginAs(who).Post(paths.PeriodCloseConfirm(prog, ended), url.Values{}); r.StatusCode != http.StatusForbidden {
			t.Errorf("%s confirming a closing: %d", who, r.StatusCode)
		}
	}
}
