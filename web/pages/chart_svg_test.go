package pages

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"kaizen/internal/domain"
)

// chartRows are indicator rows for the chart's markup test: a count with
// an even pace, shown at its third of four periods, its name with every
// character HTML escapes; a measurement (no pace) at its first period; one
// before its first period (no line); one of a single period.
func chartRows() []IndicatorRow {
	var periods domain.Periods
	for q := range 4 {
		start := time.Date(2026, time.Month(1+3*q), 1, 0, 0, 0, 0, time.UTC)
		periods = append(periods, domain.Period{Code: "2026-Q" + string(rune('1'+q)), Start: start, End: start.AddDate(0, 3, -1)})
	}
	values := map[string]domain.PeriodValue{
		"2026-Q1": {Period: "2026-Q1", Value: domain.DecimalFromInt(12), Women: 7, Men: 5},
		"2026-Q2": {Period: "2026-Q2", Value: domain.DecimalFromCents(3350), Women: 20, Men: 13},
		"2026-Q3": {Period: "2026-Q3", Value: domain.DecimalFromInt(4), Women: 1, Men: 3},
	}
	count := &domain.Indicator{ID: 7, Number: "1.2", Name: `Osoby <&> "przeszkolone" w JST O'Brien`, Target: domain.DecimalFromInt(120), Rule: domain.RulePersonsTrained}
	measured := &domain.Indicator{ID: 8, Name: "Zmiana satysfakcji", Target: domain.DecimalFromInt(15)}
	one := &domain.Indicator{ID: 9, Name: "Jeden okres", Target: domain.DecimalFromInt(3)}
	series := domain.Series{Periods: periods, Values: values}
	return []IndicatorRow{
		{Indicator: count, Series: series, Index: 2, Cumulative: domain.PeriodValue{Value: domain.DecimalFromCents(4950)},
			Progress: domain.Progress{Percent: 41.25, Pace: domain.PaceBehind}},
		{Indicator: measured, Series: domain.Series{Periods: periods, Values: map[string]domain.PeriodValue{"2026-Q1": {Period: "2026-Q1", Value: domain.DecimalFromCents(-250)}}},
			Index: 0, Cumulative: domain.PeriodValue{Value: domain.DecimalFromCents(-250)}, Progress: domain.Progress{Measured: true, Pace: domain.PaceAtRisk}},
		{Indicator: one, Series: series, Index: -1, Progress: domain.Progress{Pace: domain.PaceOnTrack}},
		{Indicator: one, Series: domain.Series{Periods: periods[:1], Values: values}, Index: 0, Cumulative: domain.PeriodValue{Value: domain.DecimalFromInt(12)},
			Progress: domain.Progress{Percent: 400, Pace: domain.PaceDone}},
	}
}

// TestChartSVGMarkup: the chart is written in Go (chartSVG), not by templ;
// its markup is what templ wrote for it (testdata/charts.html was
// rendered by the templ version of the chart from these rows).
func TestChartSVGMarkup(t *testing.T) {
	var buf bytes.Buffer
	for i, r := range chartRows() {
		if err := indicatorChart(&domain.Programme{ID: 3}, r, "c-"+itoa(r.Indicator.ID)+"-"+itoa(int64(i))).Render(context.Background(), &buf); err != nil {
			t.Fatal(err)
		}
		buf.WriteString("\n")
	}
	got := buf.String()
	golden(t, "charts.html", "KAIZEN_WRITE_CHARTS", buf.Bytes())
	for _, want := range []string{`Osoby &lt;&amp;&gt; &#34;przeszkolone&#34; w JST O&#39;Brien`, `<polyline class="chart-line" points="`, `<line class="chart-pace"`} {
		if !strings.Contains(got, want) {
			t.Errorf("the charts lack %s", want)
		}
	}
}

// BenchmarkIndicatorChart renders one indicator's chart section (the
// dashboard has one an indicator).
func BenchmarkIndicatorChart(b *testing.B) {
	r := chartRows()[0]
	p := &domain.Programme{ID: 3}
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := indicatorChart(p, r, "c-7").Render(context.Background(), &buf); err != nil {
			b.Fatal(err)
		}
	}
}
