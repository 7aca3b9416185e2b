package web_test

import (
	"context"
	"strings"
	"testing"

	"kaizen/internal/domain"
	"kaizen/web/components"
)

// The survey charts' data tables pass the markup checker (markup_test.go):
// each is named by its caption and has header cells.
func TestSurveyChartMarkup(t *testing.T) {
	t.Parallel()
	q, _ := domain.QuartilesOf([]float64{55, 60, 62, 66, 70, 71, 75, 80})
	var b strings.Builder
	if err := components.LikertChartView(components.LikertChart{ID: "l", Title: "Ocena obsługi", Scale: components.Likert5,
		Items: []components.LikertItem{{Label: "Uprzejmość", Counts: []int{3, 6, 9, 15, 27}}, {Label: "Mało", Counts: []int{1, 1, 1, 0, 0}}}}).Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	if err := components.BenchmarkStrip(components.Benchmark{ID: "b", Title: "Indeks na tle jednostek", UnitLabel: "UM", Value: 72.4, Peers: q, Max: 100}).Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	body := "<!doctype html><html lang=\"pl\"><head><title>t</title></head><body><main>" + b.String() + "</main></body></html>"
	if n := strings.Count(body, "<table"); n != 2 {
		t.Fatalf("%d tables rendered", n)
	}
	for _, p := range markupProblems(body) {
		t.Error(p)
	}
}
