package domain

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"time"
)

// Period is a reporting period: the values of indicators are reported per
// period with each payment request (wniosek o płatność).
type Period struct {
	Code   string // "2026-Q1", or a programme's own code
	Start  time.Time
	End    time.Time // inclusive
	Custom bool
}

// Label is the period as people read it: "2026-Q1 (01.01.2026–31.03.2026)".
func (p Period) Label() string {
	return p.Code + " (" + p.Start.Format("02.01.2006") + "–" + p.End.Format("02.01.2006") + ")"
}

// Contains reports whether day falls in the period.
func (p Period) Contains(day time.Time) bool { return !day.Before(p.Start) && !day.After(p.End) }

var quarterCode = regexp.MustCompile(`^(\d{4})-Q([1-4])$`)

// Quarter returns the calendar quarter of day.
func Quarter(day time.Time) Period {
	q := (int(day.Month()) - 1) / 3
	start := time.Date(day.Year(), time.Month(q*3+1), 1, 0, 0, 0, 0, time.UTC)
	return Period{Code: fmt.Sprintf("%d-Q%d", day.Year(), q+1), Start: start, End: start.AddDate(0, 3, -1)}
}

// Periods are a programme's reporting periods in order: its own when it
// defines them, otherwise the calendar quarters its duration touches.
type Periods []Period

// ProgrammePeriods returns the periods of a programme running start..end.
func ProgrammePeriods(start, end time.Time, custom []Period) Periods {
	if len(custom) > 0 {
		out := append(Periods(nil), custom...)
		sort.Slice(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
		return out
	}
	var out Periods
	if start.IsZero() || end.Before(start) {
		return out
	}
	for q := Quarter(start); !q.Start.After(end); q = Quarter(q.End.AddDate(0, 0, 1)) {
		out = append(out, q)
	}
	return out
}

// Of returns the code of the period day falls in. A day outside every
// period falls in the nearest one (evidence before the first period
// counts in the first, after the last in the last), so every value is
// reported somewhere.
func (ps Periods) Of(day time.Time) string {
	if len(ps) == 0 {
		return Quarter(day).Code
	}
	for _, p := range ps {
		if p.Contains(day) {
			return p.Code
		}
	}
	if day.Before(ps[0].Start) {
		return ps[0].Code
	}
	// Between custom periods: the next one; after the last: the last.
	for _, p := range ps {
		if day.Before(p.Start) {
			return p.Code
		}
	}
	return ps[len(ps)-1].Code
}

// Find returns the period with code.
func (ps Periods) Find(code string) (Period, int, bool) {
	for i, p := range ps {
		if p.Code == code {
			return p, i, true
		}
	}
	return Period{}, -1, false
}

// Current returns the period containing today, or the nearest one.
func (ps Periods) Current(today time.Time) (Period, int) {
	if len(ps) == 0 {
		return Quarter(today), -1
	}
	code := ps.Of(today)
	p, i, _ := ps.Find(code)
	return p, i
}

// Latest is the last period that has ended by today (the one a payment
// request is usually filed for), or the first period when none has.
func (ps Periods) Latest(today time.Time) (Period, int) {
	best := -1
	for i, p := range ps {
		if p.End.Before(today) {
			best = i
		}
	}
	if best < 0 {
		if len(ps) == 0 {
			return Quarter(today), -1
		}
		return ps[0], 0
	}
	return ps[best], best
}

// ParsePeriodCode checks the shape of a period code from a URL or form.
func ParsePeriodCode(s string) (string, error) {
	if len(s) == 0 || len(s) > 20 {
		return "", Errorf(EINVALID, "Podaj okres sprawozdawczy, np. 2026-Q3.")
	}
	if m := quarterCode.FindStringSubmatch(s); m != nil {
		if y, _ := strconv.Atoi(m[1]); y < 2000 || y > 2100 {
			return "", Errorf(EINVALID, "Nieznany okres sprawozdawczy %q.", s)
		}
		return s, nil
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-') {
			return "", Errorf(EINVALID, "Nieznany okres sprawozdawczy: kod okresu składa się z liter, cyfr, kropek i kresek (np. 2026-Q3).")
		}
	}
	return s, nil
}

// ValidatePeriods checks a programme's own periods: codes unique, no
// overlaps, within the programme.
func ValidatePeriods(ps []Period, start, end time.Time) error {
	v := Validation{}
	seen := map[string]bool{}
	sorted := append([]Period(nil), ps...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Start.Before(sorted[j].Start) })
	for i, p := range ps {
		// Messages name the row (WCAG 3.3.1): "okresu 2".
		f, n := fmt.Sprintf("periods.%d.", i), i+1
		if _, err := ParsePeriodCode(p.Code); err != nil {
			v.Add(f+"code", fmt.Sprintf("Kod okresu %d: litery, cyfry, kropki i kreski, najwyżej 20 znaków.", n))
		} else if seen[p.Code] {
			v.Add(f+"code", fmt.Sprintf("Kod okresu %d powtarza się: kody okresów muszą być różne.", n))
		}
		seen[p.Code] = true
		switch {
		case p.Start.IsZero():
			v.Add(f+"start", fmt.Sprintf("Podaj datę rozpoczęcia okresu %d.", n))
		case p.End.IsZero():
			v.Add(f+"end", fmt.Sprintf("Podaj datę zakończenia okresu %d.", n))
		case p.End.Before(p.Start):
			v.Add(f+"end", fmt.Sprintf("Okres %d kończy się wcześniej, niż się zaczyna.", n))
		case p.Start.Before(start) || p.End.After(end):
			v.Add(f+"start", fmt.Sprintf("Okres %d musi mieścić się w czasie trwania programu.", n))
		}
	}
	for i := 1; i < len(sorted); i++ {
		if !sorted[i].Start.After(sorted[i-1].End) {
			v.Add("periods", "Okresy nie mogą na siebie nachodzić: "+sorted[i-1].Code+" i "+sorted[i].Code+".")
		}
	}
	return v.Err()
}
