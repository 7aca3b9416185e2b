package domain

import (
	"testing"
	"time"
)

func TestOutsideProgramme(t *testing.T) {
	start, end := day("2010-08-01"), day("2012-03-31")
	const msg = "Data musi mieścić się w okresie programu (01.08.2010–31.03.2012)."
	for _, c := range []struct {
		day, want string
	}{
		{"2010-07-31", msg}, {"2010-08-01", ""}, {"2011-05-05", ""}, {"2012-03-31", ""}, {"2012-04-01", msg},
	} {
		if got := OutsideProgramme(day(c.day), start, end); got != c.want {
			t.Errorf("%s: %q, want %q", c.day, got, c.want)
		}
	}
	// Every evidence record uses the one rule.
	c := &Consultation{TaskID: 1, UnitID: 1, Expert: "E", Topic: "T", Day: day("2012-04-01"), Hours: DecimalFromInt(8), Days: DecimalFromInt(1)}
	if got := FieldErrors(c.Validate(start, end))["day"]; got != msg {
		t.Errorf("consultation: %q", got)
	}
	m := &Meeting{TaskID: 1, Number: 1, Place: "P", Days: []time.Time{day("2011-01-01"), day("2013-01-01")}}
	if got := FieldErrors(m.Validate(start, end, nil))["days"]; got != "Dzień 01.01.2013: data musi mieścić się w okresie programu (01.08.2010–31.03.2012)." {
		t.Errorf("meeting: %q", got)
	}
	s := &TrainingSession{TrainingID: 1, GroupNo: 1, Place: "P", Trainer: "T", HoursPerDay: DecimalFromInt(6), Days: []time.Time{day("2010-07-30")}}
	if got := FieldErrors(s.Validate(start, end))["days"]; got != "Dzień 30.07.2010: data musi mieścić się w okresie programu (01.08.2010–31.03.2012)." {
		t.Errorf("session: %q", got)
	}
}

func TestClosedPeriodWarning(t *testing.T) {
	periods := ProgrammePeriods(day("2010-01-01"), day("2011-12-31"), nil)
	for _, c := range []struct {
		name   string
		closed []string
		days   []string
		want   string
	}{
		{"OpenPeriod", []string{"2010-Q3"}, []string{"2010-10-01"}, ""},
		{"NothingClosed", nil, []string{"2010-08-01"}, ""},
		{"ClosedPeriod", []string{"2010-Q2", "2010-Q3"}, []string{"2010-08-01"}, "Okres 2010-Q3 jest zamknięty: wartość trafi do korekt."},
		{"MovedOutOfClosed", []string{"2010-Q3"}, []string{"2010-10-01", "2010-09-30"}, "Okres 2010-Q3 jest zamknięty: wartość trafi do korekt."},
		{"TwoClosed", []string{"2010-Q2", "2010-Q3"}, []string{"2010-05-05", "2010-08-01", "2010-08-02"}, "Okresy 2010-Q2, 2010-Q3 są zamknięte: wartości trafią do korekt."},
	} {
		t.Run(c.name, func(t *testing.T) {
			var days []time.Time
			for _, d := range c.days {
				days = append(days, day(d))
			}
			days = append(days, time.Time{}) // a record without a previous date
			if got := ClosedPeriodWarning(periods, c.closed, days...); got != c.want {
				t.Errorf("%q, want %q", got, c.want)
			}
		})
	}
}
