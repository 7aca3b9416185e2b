package pages

import (
	"bytes"
	"context"
	"testing"

	"kaizen/internal/domain"
)

// TestCAFUnitRowsMarkup: the CAF benchmarking table's rows are written in
// Go (cafUnitRows), not by templ; the table is what templ wrote for it
// (testdata/caf_units.html was rendered by the templ version from this
// view: a label with every character HTML escapes, negative, rounded and
// grouped numbers, every position).
func TestCAFUnitRowsMarkup(t *testing.T) {
	v := CAFBenchmarkView{Programme: &domain.Programme{ID: 3}, Model: domain.CAFModelOf(domain.CAF2020), B: &domain.CAFBenchmark{NCriteria: 3}, Total: 120}
	labels := []string{`Urząd <&> "Miasta" O'Neill`, "Gmina Łąkówek", "Jednostka 3", "Jednostka 4", "Jednostka 5"}
	values := [][]float64{{55.55, -0.04, 1234.56, 88.8}, {0, 3.25, -3, 100}, {12.349, 12.35, 99.95, 0.05}, {1, 2, 3, 4}, {-12.5, 7, 8, 9}}
	for i, l := range labels {
		v.Rows = append(v.Rows, CAFBenchRow{Label: l, Own: i == 1, Position: domain.PeerPosition(i%4 + 1),
			Unit: &domain.CAFUnitResult{UnitID: int64(i + 1), UnitName: l, Total: values[i][0], Criteria: values[i][1:]}})
	}
	var buf bytes.Buffer
	if err := cafUnitsTable(v).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	golden(t, "caf_units.html", "KAIZEN_WRITE_CAF_ROWS", buf.Bytes())
}
