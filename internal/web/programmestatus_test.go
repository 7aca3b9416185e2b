package web_test

import (
	"net/http"
	"strings"
	"testing"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

// A programme's status follows its dates in the list, on the start page and
// on its overview; an ended programme shows final values, never "behind".
func TestProgrammeStatusShown(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	ctx := t.Context()
	ended := &domain.Programme{Code: "ZAK-2010", Title: "Program zakończony", FundingLine: "x", Start: testapp.Today().AddDate(-3, 0, 0), End: testapp.Today().AddDate(-1, 0, 0)}
	planned := &domain.Programme{Code: "PLAN-1", Title: "Program planowany", FundingLine: "x", Start: testapp.Today().AddDate(0, 2, 0), End: testapp.Today().AddDate(2, 0, 0)}
	for _, p := range []*domain.Programme{ended, planned} {
		if err := app.Store.CreateProgramme(ctx, domain.Actor{}, p); err != nil {
			t.Fatal(err)
		}
	}
	in := &domain.Indicator{ProgrammeID: ended.ID, Number: "Z1", Name: "Wskaźnik bez wartości", Type: domain.IndicatorProduct, Target: domain.DecimalFromInt(10), Rule: domain.RuleManual}
	if err := app.Store.SaveIndicator(ctx, domain.Actor{}, in, nil); err != nil {
		t.Fatal(err)
	}
	c := app.LoginAs("obserwator")
	list := c.Get(paths.Programmes())
	row := func(code string) string {
		i := strings.Index(list.Body, ">"+code+"<")
		if i < 0 {
			t.Fatalf("%s not listed", code)
		}
		j := strings.Index(list.Body[i:], "</tr>")
		return list.Body[i : i+j]
	}
	if !strings.Contains(row("ZAK-2010"), "zakończony") || !strings.Contains(row("PLAN-1"), "planowany") {
		t.Fatalf("statuses in the list:\n%s", list.Body)
	}
	demo := app.DemoProgramme(t)
	if want := demo.Status(testapp.Today()).Label(); !strings.Contains(row(demo.Code), want) {
		t.Errorf("demo programme not shown as %q", want)
	}
	if r := c.Get(paths.Programme(ended.ID)); !strings.Contains(r.Body, `<dd data-testid="programme-status">zakończony</dd>`) {
		t.Errorf("overview does not show the status")
	}
	board := c.Get(paths.Indicators(ended.ID))
	if board.StatusCode != http.StatusOK || !strings.Contains(board.Body, "wartość końcowa") || strings.Contains(board.Body, ">opóźniony<") ||
		!strings.Contains(board.Body, `data-testid="programme-ended"`) {
		t.Fatalf("dashboard of an ended programme:\n%s", board.Body)
	}
	home := c.Get("/")
	if !strings.Contains(home.Body, "Program zakończył się: wskaźniki mają wartości końcowe.") || strings.Contains(home.Body, "Wskaźnik bez wartości") {
		t.Fatalf("start page lists an ended programme's indicator as behind:\n%s", home.Body)
	}
}
