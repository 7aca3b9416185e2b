package domain

import "time"

// ProgrammeStatus is where a programme stands on a day, from its dates
// alone (archiving is separate and stays as it is).
type ProgrammeStatus string

const (
	// ProgrammePlanned: before its start date.
	ProgrammePlanned ProgrammeStatus = "planned"
	// ProgrammeRunning: from its start to its end date.
	ProgrammeRunning ProgrammeStatus = "running"
	// ProgrammeClosing: the closing phase, the running programme's last
	// phase when it has two phases or more (e.g. "zakończeniowa"): the
	// phase that starts last, from its start to the programme's end.
	ProgrammeClosing ProgrammeStatus = "closing"
	// ProgrammeEnded: after its end date; its indicators have final values.
	ProgrammeEnded ProgrammeStatus = "ended"
)

// Label is the status in Polish.
func (s ProgrammeStatus) Label() string {
	switch s {
	case ProgrammePlanned:
		return "planowany"
	case ProgrammeRunning:
		return "w realizacji"
	case ProgrammeClosing:
		return "faza zakończeniowa"
	case ProgrammeEnded:
		return "zakończony"
	}
	return string(s)
}

// ClosingPhaseStart is the start of a programme's closing phase: of the
// phase that starts last, when there are two phases or more (zero
// otherwise: no closing phase).
func ClosingPhaseStart(phases []Phase) time.Time {
	if len(phases) < 2 {
		return time.Time{}
	}
	last := phases[0].Start
	for _, ph := range phases[1:] {
		if ph.Start.After(last) {
			last = ph.Start
		}
	}
	return last
}

// StatusOn is the status on today (a calendar day, from the server's
// clock) of a programme running start..end whose closing phase starts on
// closingFrom (zero: none).
func StatusOn(start, end, closingFrom, today time.Time) ProgrammeStatus {
	switch {
	case today.Before(start):
		return ProgrammePlanned
	case today.After(end):
		return ProgrammeEnded
	case !closingFrom.IsZero() && !today.Before(closingFrom):
		return ProgrammeClosing
	}
	return ProgrammeRunning
}

// Status is the programme's status on today.
func (p *Programme) Status(today time.Time) ProgrammeStatus {
	return StatusOn(p.Start, p.End, ClosingPhaseStart(p.Phases), today)
}

// Status is the listed programme's status on today.
func (s ProgrammeSummary) Status(today time.Time) ProgrammeStatus {
	return StatusOn(s.Start, s.End, s.ClosingFrom, today)
}

// Final is the standing of an indicator of an ended programme: no pace any
// more ("behind" or "at risk" no longer apply), its cumulative value is
// its final value, done when it reached the target.
func (pr Progress) Final() Progress {
	if pr.Pace != PaceDone && pr.Pace != PaceNone {
		pr.Pace = PaceFinal
	}
	pr.Expected, pr.Forecast = pr.Target, pr.Cumulative
	return pr
}
