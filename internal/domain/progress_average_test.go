package domain

import (
	"testing"
	"time"
)

// A rule that averages reports the mean of its facts in a period and up to
// it; every other rule the sum. Corrections compare averages too.
func TestSeriesAverages(t *testing.T) {
	day := func(s string) time.Time { v, _ := time.Parse("2006-01-02", s); return v }
	periods := ProgrammePeriods(day("2011-01-01"), day("2011-12-31"), nil)
	values := map[string]PeriodValue{
		"2011-Q1": {Value: DecimalFromInt(20), Facts: 1, Records: 4},
		"2011-Q3": {Value: DecimalFromCents(-500 + 8000 + 1), Facts: 3, Records: 9}, // −5, +80, +0,01
	}
	sat := &Indicator{Rule: RuleSatisfactionChange, Target: DecimalFromInt(10)}
	count := &Indicator{Rule: RuleMeetingsComplete, Target: DecimalFromInt(10)}
	s := SeriesFor(sat, periods, values)
	for _, c := range []struct {
		name      string
		got       PeriodValue
		want      string
		wantFacts int
	}{
		{"Q1", s.At(0), "20", 1},
		{"Q2 empty", s.At(1), "0", 0},
		{"Q3 mean of 3", s.At(2), "25", 3},                    // 75,01 / 3 = 25,003…
		{"up to Q3 mean of 4", s.CumulativeAt(2), "23,75", 4}, // 95,01 / 4 = 23,7525
		{"up to Q4", s.CumulativeAt(3), "23,75", 4},
	} {
		if c.got.Value.String() != c.want || c.got.Facts != c.wantFacts {
			t.Errorf("%s: %s of %d facts, want %s of %d", c.name, c.got.Value, c.got.Facts, c.want, c.wantFacts)
		}
	}
	if got := SeriesFor(count, periods, values).CumulativeAt(2).Value.String(); got != "95,01" {
		t.Errorf("a count's cumulative value = %s, want the sum 95,01", got)
	}
	if row := ReportRowFor(sat, s, 2); row.Value.String() != "25" || row.Cumulative.String() != "23,75" || row.Percent != 237.5 {
		t.Errorf("report row %+v", row)
	}
	// Halves away from zero, for negative averages too.
	for _, c := range []struct {
		sum  int64
		n    int
		want string
	}{{-1001, 2, "-5,01"}, {-1003, 2, "-5,02"}, {1003, 2, "5,02"}, {100, 0, "0"}, {-1, 3, "0"}} {
		if got := averageOf(DecimalFromCents(c.sum), c.n).String(); got != c.want {
			t.Errorf("average of %d cents over %d = %s, want %s", c.sum, c.n, got, c.want)
		}
	}
	// A filed average that still stands is no correction.
	closing := &Closing{Period: "2011-Q3", Snapshot: SnapshotOf("X", periods, 2, []*Indicator{sat}, map[int64]map[string]PeriodValue{sat.ID: values})}
	if got := Corrections([]*Closing{closing}, []*Indicator{sat}, map[int64]map[string]PeriodValue{sat.ID: values}); len(got) != 0 {
		t.Errorf("corrections of an unchanged average: %+v", got)
	}
}

// A measured value (an average change) is compared with the target itself,
// with no even pace and no forecast; a count keeps its pace.
func TestAssessMeasured(t *testing.T) {
	day := func(s string) time.Time { v, _ := time.Parse("2006-01-02", s); return v }
	start, end, today := day("2011-01-01"), day("2012-12-31"), day("2011-03-01")
	sat := &Indicator{Rule: RuleSatisfactionChange, Target: DecimalFromInt(10)}
	for _, c := range []struct {
		value PeriodValue
		pace  Pace
	}{
		{PeriodValue{}, PaceNone},
		{PeriodValue{Value: DecimalFromInt(12), Facts: 2}, PaceDone},
		{PeriodValue{Value: DecimalFromInt(9), Facts: 2}, PaceOnTrack},
		{PeriodValue{Value: DecimalFromInt(6), Facts: 2}, PaceAtRisk},
		{PeriodValue{Value: DecimalFromInt(1), Facts: 2}, PaceBehind}, // early in the programme, yet behind: no time share
		{PeriodValue{Value: DecimalFromInt(-5), Facts: 1}, PaceBehind},
	} {
		pr := AssessIndicator(sat, c.value, start, end, today)
		if pr.Pace != c.pace || !pr.Measured || pr.Forecast != c.value.Value {
			t.Errorf("value %s of %d units: %+v, want %s, measured, no extrapolation", c.value.Value, c.value.Facts, pr, c.pace)
		}
	}
	if pr := AssessIndicator(sat, PeriodValue{}, start, end, end.AddDate(0, 1, 0)).Final(); pr.Pace != PaceNone {
		t.Errorf("an ended programme without a measurement: %s", pr.Pace)
	}
	count := &Indicator{Rule: RuleMeetingsComplete, Target: DecimalFromInt(10)}
	if pr := AssessIndicator(count, PeriodValue{Value: DecimalFromInt(1), Facts: 1}, start, end, today); pr.Measured || pr.Pace != PaceOnTrack {
		t.Errorf("a count early in the programme: %+v, want on track by its pace", pr)
	}
}

// Cumulatives is CumulativeAt of every period, for sums and averages.
func TestSeriesCumulatives(t *testing.T) {
	day := func(s string) time.Time { v, _ := time.Parse("2006-01-02", s); return v }
	periods := ProgrammePeriods(day("2011-01-01"), day("2012-06-30"), nil)
	values := map[string]PeriodValue{
		"2011-Q1": {Value: DecimalFromInt(20), Facts: 1, Records: 4, Women: 2, Men: 1},
		"2011-Q3": {Value: DecimalFromCents(-500 + 8000 + 1), Facts: 3, Records: 9, Flagged: 1},
		"2012-Q2": {Value: DecimalFromInt(7), Facts: 2, Women: 5},
	}
	for _, in := range []*Indicator{{Rule: RuleSatisfactionChange}, {Rule: RuleMeetingsComplete}, {Rule: RulePersonsTrained}} {
		s := SeriesFor(in, periods, values)
		all := s.Cumulatives()
		if len(all) != len(periods) {
			t.Fatalf("%s: %d values for %d periods", in.Rule, len(all), len(periods))
		}
		for i := range periods {
			if want := s.CumulativeAt(i); all[i] != want {
				t.Errorf("%s, period %d: %+v, want CumulativeAt's %+v", in.Rule, i, all[i], want)
			}
		}
	}
}
