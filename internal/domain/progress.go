package domain

import (
	"math"
	"time"
)

// PeriodValue is an indicator's value in one period.
type PeriodValue struct {
	Period  string
	Value   Decimal
	Women   int
	Men     int
	Flagged int // meetings with unit management
	Records int // evidence records behind the value
	Facts   int // counted things
}

// Pace says whether an indicator keeps pace with its target.
type Pace string

const (
	PaceOnTrack Pace = "on_track"
	PaceAtRisk  Pace = "at_risk"
	PaceBehind  Pace = "behind"
	PaceDone    Pace = "done"
)

// Label is the pace in Polish.
func (p Pace) Label() string {
	switch p {
	case PaceOnTrack:
		return "zgodnie z planem"
	case PaceAtRisk:
		return "zagrożony"
	case PaceBehind:
		return "opóźniony"
	case PaceDone:
		return "osiągnięty"
	}
	return string(p)
}

// Progress is an indicator's standing on a day.
type Progress struct {
	Target     Decimal
	Cumulative Decimal
	Percent    float64 // of the target
	Expected   Decimal // what a steady pace from start to end would have reached
	Forecast   Decimal // the value at the end date at the pace so far
	Pace       Pace
}

// Assess compares a cumulative value with the target on today, for a
// programme running start..end: the expected value grows evenly over the
// programme's time; within 90% of it is on track, within 60% at risk,
// below that behind. The forecast extrapolates the pace so far to the end.
func Assess(target, cumulative Decimal, start, end, today time.Time) Progress {
	pr := Progress{Target: target, Cumulative: cumulative}
	t := target.Float()
	c := cumulative.Float()
	if t > 0 {
		pr.Percent = math.Round(c/t*1000) / 10
	}
	total := end.Sub(start).Hours()
	elapsed := today.Sub(start).Hours()
	switch {
	case total <= 0:
		elapsed, total = 1, 1
	case elapsed < 0:
		elapsed = 0
	case elapsed > total:
		elapsed = total
	}
	share := elapsed / total
	pr.Expected = DecimalFromFloat(t * share)
	if share > 0 {
		pr.Forecast = DecimalFromFloat(c / share)
	} else {
		pr.Forecast = cumulative
	}
	switch {
	case c >= t:
		pr.Pace = PaceDone
	case c >= 0.9*t*share:
		pr.Pace = PaceOnTrack
	case c >= 0.6*t*share:
		pr.Pace = PaceAtRisk
	default:
		pr.Pace = PaceBehind
	}
	return pr
}
