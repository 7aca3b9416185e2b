package domain

import (
	"strings"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestProgrammePeriods(t *testing.T) {
	ps := ProgrammePeriods(day("2025-08-01"), day("2028-01-31"), nil)
	if len(ps) != 11 || ps[0].Code != "2025-Q3" || ps[10].Code != "2028-Q1" || ps[0].End.Format("2006-01-02") != "2025-09-30" {
		t.Fatalf("quarters = %v", ps)
	}
	for _, tc := range []struct{ day, want string }{
		{"2025-07-15", "2025-Q3"}, {"2025-12-31", "2025-Q4"}, {"2026-01-01", "2026-Q1"}, {"2020-01-01", "2025-Q3"}, {"2030-01-01", "2028-Q1"},
	} {
		if got := ps.Of(day(tc.day)); got != tc.want {
			t.Errorf("Of(%s) = %s, want %s", tc.day, got, tc.want)
		}
	}
	if p, _ := ps.Latest(day("2026-11-27")); p.Code != "2026-Q3" {
		t.Errorf("latest ended = %s", p.Code)
	}
	if p, _ := ps.Current(day("2026-11-27")); p.Code != "2026-Q4" {
		t.Errorf("current = %s", p.Code)
	}
	custom := []Period{{Code: "WNP-2", Start: day("2026-01-01"), End: day("2026-06-30")}, {Code: "WNP-1", Start: day("2025-08-01"), End: day("2025-11-30")}}
	cs := ProgrammePeriods(day("2025-08-01"), day("2028-01-31"), custom)
	for _, tc := range []struct{ day, want string }{{"2025-12-15", "WNP-2"}, {"2025-08-01", "WNP-1"}, {"2027-01-01", "WNP-2"}} {
		if got := cs.Of(day(tc.day)); got != tc.want {
			t.Errorf("custom Of(%s) = %s, want %s", tc.day, got, tc.want)
		}
	}
	if err := ValidatePeriods(custom, day("2025-08-01"), day("2028-01-31")); err != nil {
		t.Errorf("valid periods refused: %v", err)
	}
	for name, bad := range map[string][]Period{
		"overlap":  {{Code: "A", Start: day("2025-08-01"), End: day("2026-01-31")}, {Code: "B", Start: day("2026-01-31"), End: day("2026-05-31")}},
		"outside":  {{Code: "A", Start: day("2025-07-01"), End: day("2025-09-30")}},
		"reversed": {{Code: "A", Start: day("2026-07-01"), End: day("2026-06-30")}},
		"same":     {{Code: "A", Start: day("2025-08-01"), End: day("2025-09-30")}, {Code: "A", Start: day("2025-10-01"), End: day("2025-12-31")}},
	} {
		if err := ValidatePeriods(bad, day("2025-08-01"), day("2028-01-31")); err == nil {
			t.Errorf("%s periods accepted", name)
		}
	}
}

func TestAssess(t *testing.T) {
	start, end := day("2025-01-01"), day("2026-12-31") // 2 years
	mid := day("2026-01-01")                           // about half
	for _, tc := range []struct {
		cum  int64
		want Pace
	}{{14, PaceDone}, {7, PaceOnTrack}, {5, PaceAtRisk}, {2, PaceBehind}} {
		p := Assess(DecimalFromInt(14), DecimalFromInt(tc.cum), start, end, mid)
		if p.Pace != tc.want {
			t.Errorf("%d of 14 half way: %s, want %s", tc.cum, p.Pace, tc.want)
		}
	}
	p := Assess(DecimalFromInt(14), DecimalFromInt(7), start, end, mid)
	if p.Forecast.Float() < 13.9 || p.Forecast.Float() > 14.1 || p.Percent != 50 {
		t.Errorf("forecast %s, percent %v", p.Forecast, p.Percent)
	}
	if p := Assess(DecimalFromInt(14), DecimalFromInt(0), start, end, day("2024-06-01")); p.Pace != PaceOnTrack {
		t.Errorf("before the start: %s", p.Pace)
	}
}

func FuzzParsePeriodCode(f *testing.F) {
	for _, s := range []string{"2026-Q3", "WNP-1", "1999-Q5", "<script>", "", strings.Repeat("A", 30), "2026-Q3'; DROP TABLE x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, err := ParsePeriodCode(s)
		if err != nil {
			return
		}
		if len(code) == 0 || len(code) > 20 {
			t.Fatalf("accepted %q", code)
		}
		for _, r := range code {
			if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-') {
				t.Fatalf("accepted %q with %q", code, r)
			}
		}
	})
}
