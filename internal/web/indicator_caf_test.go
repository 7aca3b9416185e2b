package web_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

// The indicator form's CAF criteria (rule "zmiana wyniku samooceny CAF"):
// checked criteria are saved and shown checked again; a number outside the
// model or not a number is 422 beside the field with the typed values kept
// and nothing saved; the indicator's page explains what counts.
func TestCAFCriteriaIndicatorForm(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	ctx := t.Context()
	prog := app.DemoProgramme(t)
	before, _ := app.Store.Indicators(ctx, prog.ID)
	c := app.LoginAs("koordynator")
	form := func(criteria ...string) url.Values {
		return url.Values{"name": {"Zmiana wyniku CAF w kryteriach 1 i 7"}, "type": {"result"}, "target": {"10"},
			"rule": {string(domain.RuleCAFTotalChange)}, "rule_caf_criteria": criteria}
	}
	for _, tc := range []struct {
		name     string
		criteria []string
		msg      string
	}{
		{"ErrOutOfModel", []string{"1", "12"}, "Kryterium CAF to liczba od 1 do 9."},
		{"ErrNotANumber", []string{"siedem"}, "Wybierz kryteria CAF z listy."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.Post(paths.Indicators(prog.ID), form(tc.criteria...))
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", r.StatusCode)
			}
			if !strings.Contains(r.Body, `id="f-rule_caf_criteria-error"`) || !strings.Contains(r.Body, tc.msg) {
				t.Fatalf("no message %q at rule_caf_criteria\n%s", tc.msg, r.Body)
			}
			if !strings.Contains(r.Body, "Zmiana wyniku CAF w kryteriach 1 i 7") {
				t.Fatal("typed name lost")
			}
			if tc.criteria[0] == "1" && !strings.Contains(r.Body, `value="1" checked`) {
				t.Fatal("checked criterion lost")
			}
			if after, _ := app.Store.Indicators(ctx, prog.ID); len(after) != len(before) {
				t.Fatal("saved")
			}
		})
	}
	r := c.Post(paths.Indicators(prog.ID), form("7", "1"))
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", r.StatusCode, r.Body)
	}
	after, _ := app.Store.Indicators(ctx, prog.ID)
	var saved *domain.Indicator
	for _, in := range after {
		if in.Name == "Zmiana wyniku CAF w kryteriach 1 i 7" {
			saved = in
		}
	}
	if saved == nil || !slices.Equal(saved.Params.CAFCriteria, []int{1, 7}) {
		t.Fatalf("saved %+v", saved)
	}
	r = c.Get(paths.IndicatorEdit(prog.ID, saved.ID))
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `value="7" checked`) || strings.Contains(r.Body, `value="2" checked`) {
		t.Fatalf("edit form does not show the criteria: %d", r.StatusCode)
	}
	if probs := markupProblems(r.Body); len(probs) > 0 {
		t.Errorf("indicator form markup: %v", probs)
	}
	r = c.Get(paths.Indicator(prog.ID, saved.ID))
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `data-testid="caf-rule-hint"`) ||
		!strings.Contains(r.Body, "średniej kryteriów 1. ") || !strings.Contains(r.Body, "średnia tych zmian") {
		t.Fatalf("indicator page has no CAF hint: %d\n%s", r.StatusCode, r.Body)
	}
	// The demo's CAF indicators: each page explains its rule; the change
	// of the total shows its average over the two units with two cycles.
	seen := 0
	for _, in := range before {
		if !strings.HasPrefix(string(in.Rule), "caf_") {
			continue
		}
		seen++
		r := c.Get(paths.Indicator(prog.ID, in.ID))
		if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `data-testid="caf-rule-hint"`) {
			t.Errorf("demo indicator %s: %d, hint %v", in.Number, r.StatusCode, strings.Contains(r.Body, "caf-rule-hint"))
		}
		if in.Rule == domain.RuleCAFTotalChange && !strings.Contains(r.Body, "średnia z 2 jednostek") {
			t.Errorf("demo indicator %s does not show the average over 2 units", in.Number)
		}
	}
	if seen != 3 {
		t.Errorf("demo CAF indicators = %d, want C1–C3", seen)
	}
}
