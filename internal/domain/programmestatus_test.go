package domain

import "testing"

func TestProgrammeStatus(t *testing.T) {
	p := &Programme{Start: day("2010-08-01"), End: day("2012-03-31"), Phases: []Phase{
		{Name: "przygotowawcza", Start: day("2010-08-01"), End: day("2010-10-31")},
		{Name: "zakończeniowa", Start: day("2012-01-01"), End: day("2012-03-31")},
		{Name: "wdrożeniowa", Start: day("2010-11-01"), End: day("2011-12-31")},
	}}
	for _, c := range []struct {
		today string
		want  ProgrammeStatus
	}{
		{"2010-07-31", ProgrammePlanned}, {"2010-08-01", ProgrammeRunning}, {"2011-12-31", ProgrammeRunning},
		{"2012-01-01", ProgrammeClosing}, {"2012-03-31", ProgrammeClosing}, {"2012-04-01", ProgrammeEnded},
	} {
		if got := p.Status(day(c.today)); got != c.want {
			t.Errorf("%s: %s, want %s", c.today, got, c.want)
		}
		sum := ProgrammeSummary{Start: p.Start, End: p.End, ClosingFrom: ClosingPhaseStart(p.Phases)}
		if got := sum.Status(day(c.today)); got != c.want {
			t.Errorf("summary %s: %s, want %s", c.today, got, c.want)
		}
	}
	// One phase: no closing phase.
	one := &Programme{Start: p.Start, End: p.End, Phases: p.Phases[:1]}
	if got := one.Status(day("2012-02-01")); got != ProgrammeRunning {
		t.Errorf("one phase: %s", got)
	}
	if ProgrammeClosing.Label() != "faza zakończeniowa" || ProgrammeEnded.Label() != "zakończony" || ProgrammePlanned.Label() != "planowany" {
		t.Error("labels")
	}
}

func TestFinalProgress(t *testing.T) {
	start, end := day("2010-08-01"), day("2012-03-31")
	behind := Assess(DecimalFromInt(100), DecimalFromInt(20), start, end, day("2012-03-31"))
	if behind.Pace != PaceBehind {
		t.Fatalf("pace %s", behind.Pace)
	}
	f := behind.Final()
	if f.Pace != PaceFinal || f.Pace.Label() != "wartość końcowa" || f.Forecast != DecimalFromInt(20) {
		t.Errorf("final %+v", f)
	}
	if done := Assess(DecimalFromInt(10), DecimalFromInt(12), start, end, end).Final(); done.Pace != PaceDone {
		t.Errorf("done became %s", done.Pace)
	}
}
