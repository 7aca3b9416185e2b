package web_test

import (
	"regexp"
	"strings"
	"testing"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

// The dashboard shows forecasts of counts as whole numbers; the chart's
// data table keeps the exact value.
func TestForecastsOfCountsWhole(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	prog, _, _, _ := demoIDs(t, app)
	inds, _ := app.Store.Indicators(t.Context(), prog)
	page := app.LoginAs("obserwator").Get(paths.Indicators(prog) + "?period=" + domain.Quarter(testapp.Today()).Code)
	counts := 0
	for _, in := range inds {
		row := regexp.MustCompile(`(?s)<tr data-testid="indicator-` + regexp.QuoteMeta(in.Number) + `">.*?</tr>`).FindString(page.Body)
		m := regexp.MustCompile(`data-testid="forecast">([^<]*)<`).FindStringSubmatch(row)
		if m == nil {
			t.Fatalf("indicator %s: no forecast on the dashboard", in.Number)
		}
		if in.Rule.Counts() {
			counts++
			if strings.Contains(m[1], ",") {
				t.Errorf("indicator %s (%s): forecast %q is not whole", in.Number, in.Rule, m[1])
			}
		}
		if _, frac, ok := strings.Cut(m[1], ","); in.Rule.HalfDays() && ok && frac != "5" {
			t.Errorf("indicator %s (%s): forecast %q is not in halves", in.Number, in.Rule, m[1])
		}
	}
	if counts == 0 {
		t.Fatal("the demo has no counted indicators")
	}
	exact := regexp.MustCompile(`data-testid="forecast-exact">([^<]*)<`).FindAllStringSubmatch(page.Body, -1)
	if len(exact) != len(inds) {
		t.Fatalf("%d exact forecasts in the data tables for %d indicators", len(exact), len(inds))
	}
	fraction := false
	for _, e := range exact {
		fraction = fraction || strings.Contains(e[1], ",")
	}
	if !fraction {
		t.Log("no forecast of the demo has a fraction today; the whole/exact split is covered by the domain test")
	}
}
