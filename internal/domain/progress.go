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
	PaceFinal   Pace = "final" // the programme ended short of the target (Progress.Final)
	PaceNone    Pace = "none"  // a measured indicator without a measurement yet
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
	case PaceFinal:
		return "wartość końcowa"
	case PaceNone:
		return "brak pomiaru"
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
	// Measured: the value is a measurement (an average of changes), not a
	// count that grows over time: no even pace, no forecast.
	Measured bool
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

// AssessIndicator is indicator in's standing with value (cumulative up to
// the period shown) on today. A rule that averages measures a change: it
// does not grow evenly over the programme, so its standing compares the
// value itself with the target (at least the target: reached; 90%: on
// track; 60%: at risk; below: behind; no unit measured yet: no
// measurement), and it has no forecast.
func AssessIndicator(in *Indicator, value PeriodValue, start, end, today time.Time) Progress {
	if !in.Rule.Averages() {
		return Assess(in.Target, value.Value, start, end, today)
	}
	pr := Progress{Target: in.Target, Cumulative: value.Value, Expected: in.Target, Forecast: value.Value, Measured: true}
	t, c := in.Target.Float(), value.Value.Float()
	if t > 0 {
		pr.Percent = math.Round(c/t*1000) / 10
	}
	switch {
	case value.Facts == 0:
		pr.Pace = PaceNone
	case c >= t:
		pr.Pace = PaceDone
	case t > 0 && c >= 0.9*t:
		pr.Pace = PaceOnTrack
	case t > 0 && c >= 0.6*t:
		pr.Pace = PaceAtRisk
	default:
		pr.Pace = PaceBehind
	}
	return pr
}

// Series is an indicator's values over a programme's periods.
type Series struct {
	Periods Periods
	Values  map[string]PeriodValue // by period code
	// Average: the value is the average of the facts (Rule.Averages), not
	// their sum. Build a series with SeriesFor, which sets it.
	Average bool
}

// SeriesFor is indicator in's series over periods from its stored values
// (sums and fact counts by period code): the one place a series is made,
// so that every page, report and snapshot shows the same value.
func SeriesFor(in *Indicator, periods Periods, values map[string]PeriodValue) Series {
	return Series{Periods: periods, Values: values, Average: in.Rule.Averages()}
}

// Averages reports whether the rule's value is the average of its facts
// rather than their sum (RuleDef.Averages): a change of satisfaction or of
// a CAF total is measured per unit, and the programme's change is the mean
// over the units measured.
func (r Rule) Averages() bool { return ruleDefs[r].Averages }

// FactNoun is what one fact of the rule is, for the drill-down ("" when
// the fact's label says it).
func (r Rule) FactNoun() string { return ruleDefs[r].FactNoun }

// Reported is the value of v as rule r reports it: the sum of its facts,
// or their average (to the cent, halves away from zero) for a rule that
// averages.
func (r Rule) Reported(v PeriodValue) PeriodValue {
	if r.Averages() {
		v.Value = averageOf(v.Value, v.Facts)
	}
	return v
}

// averageOf is sum / n to the cent, halves away from zero (0 when n is 0).
func averageOf(sum Decimal, n int) Decimal {
	if n <= 0 {
		return Decimal{}
	}
	c, d := sum.Cents(), int64(n)
	if c < 0 {
		return DecimalFromCents(-((-c*2 + d) / (2 * d)))
	}
	return DecimalFromCents((c*2 + d) / (2 * d))
}

// At is the value in period i.
func (s Series) At(i int) PeriodValue {
	if i < 0 || i >= len(s.Periods) {
		return PeriodValue{}
	}
	v := s.Values[s.Periods[i].Code]
	v.Period = s.Periods[i].Code
	return s.reported(v)
}

// CumulativeAt is the value of the periods up to and including period i:
// their sum, or the average of all their facts.
func (s Series) CumulativeAt(i int) PeriodValue {
	var c PeriodValue
	for j := 0; j <= i && j < len(s.Periods); j++ {
		c.add(s.Values[s.Periods[j].Code])
	}
	if i >= 0 && i < len(s.Periods) {
		c.Period = s.Periods[i].Code
	}
	return s.reported(c)
}

// Cumulatives is CumulativeAt of every period, in one pass: a page that
// shows each period's running value (the dashboard's charts and their
// tables) asked CumulativeAt once a period, each summing again from the
// first.
func (s Series) Cumulatives() []PeriodValue {
	out := make([]PeriodValue, len(s.Periods))
	var c PeriodValue
	for j, p := range s.Periods {
		c.add(s.Values[p.Code])
		c.Period = p.Code
		out[j] = s.reported(c)
	}
	return out
}

// add adds v's sums and counts to c (a running value).
func (c *PeriodValue) add(v PeriodValue) {
	c.Value = c.Value.Add(v.Value)
	c.Women += v.Women
	c.Men += v.Men
	c.Flagged += v.Flagged
	c.Records += v.Records
	c.Facts += v.Facts
}

func (s Series) reported(v PeriodValue) PeriodValue {
	if s.Average {
		v.Value = averageOf(v.Value, v.Facts)
	}
	return v
}

// ReportRow is one indicator in a period's report (and in the snapshot of
// a closed period).
type ReportRow struct {
	IndicatorID   int64   `json:"indicator_id"`
	Number        string  `json:"number"`
	Name          string  `json:"name"`
	UnitOfMeasure string  `json:"unit_of_measure"`
	Target        Decimal `json:"target"`
	Value         Decimal `json:"value"`
	Cumulative    Decimal `json:"cumulative"`
	Percent       float64 `json:"percent"`
	Persons       bool    `json:"persons"` // disaggregated by sex
	Women         int     `json:"women"`
	Men           int     `json:"men"`
	Records       int     `json:"records"`
}

// Snapshot is what a closed period froze: the report's rows as filed.
type Snapshot struct {
	Format    string      `json:"format"`
	Programme string      `json:"programme"`
	Period    string      `json:"period"`
	Start     string      `json:"start"`
	End       string      `json:"end"`
	Rows      []ReportRow `json:"rows"`
}

// ReportRowFor builds indicator in's row for period i of its series.
func ReportRowFor(in *Indicator, s Series, i int) ReportRow {
	v, c := s.At(i), s.CumulativeAt(i)
	r := ReportRow{IndicatorID: in.ID, Number: in.Number, Name: in.Name, UnitOfMeasure: in.UnitOfMeasure, Target: in.Target,
		Value: v.Value, Cumulative: c.Value, Persons: in.Rule == RulePersonsTrained, Records: v.Records}
	if t := in.Target.Float(); t > 0 {
		r.Percent = math.Round(c.Value.Float()/t*1000) / 10
	}
	if r.Persons {
		r.Women, r.Men = v.Women, v.Men
	}
	return r
}

// Counts reports whether the rule counts whole things (protocols, units,
// products, meetings, persons): a forecast of it is shown as a whole
// number. Days come in halves (HalfDays); percent changes and manual values
// keep their decimals.
func (r Rule) Counts() bool {
	return !r.Averages() && r != RuleManual && !r.HalfDays()
}

// HalfDays reports whether the rule counts days, which may be halves (a
// half training day, half a day of consultation): a forecast of it is shown
// to the nearest half.
func (r Rule) HalfDays() bool { return r == RuleTrainingDays || r == RuleConsultationDays }

// RoundHalf is d rounded to the nearest half, halves of halves away from zero.
func (d Decimal) RoundHalf() Decimal {
	return DecimalFromCents(d.Add(d).Round().Cents() / 2)
}

// Round is d rounded to a whole number, halves away from zero.
func (d Decimal) Round() Decimal {
	c := d.Cents()
	if c < 0 {
		return DecimalFromCents(-((-c + 50) / 100 * 100))
	}
	return DecimalFromCents((c + 50) / 100 * 100)
}

// ForecastShown is the forecast as a dashboard shows it: whole for a count
// (13,47 protocols → 13), to the half for days (13,47 days → 13,5), exact
// otherwise; the exact value stays in the
// chart's data table.
func (p Progress) ForecastShown(r Rule) Decimal {
	switch {
	case r.Counts():
		return p.Forecast.Round()
	case r.HalfDays():
		return p.Forecast.RoundHalf()
	}
	return p.Forecast
}
