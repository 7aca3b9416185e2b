package domain

import (
	"slices"
	"strings"
	"time"
)

// Evidence is dated inside its programme: a session day, a consultation, a
// meeting day, a protocol's date and signature, a manual indicator value.
// A date outside [start, end] would count in the first or last period
// (Periods.Of), so every evidence form refuses it with this one rule.

// OutsideProgramme returns the message for an evidence date d outside the
// programme running start..end ("" when d is inside).
func OutsideProgramme(d, start, end time.Time) string {
	if d.IsZero() || (!d.Before(start) && !d.After(end)) {
		return ""
	}
	return "Data musi mieścić się w okresie programu (" + start.Format("02.01.2006") + "–" + end.Format("02.01.2006") + ")."
}

// CheckEvidenceDate adds OutsideProgramme's message to v at field.
func CheckEvidenceDate(v Validation, field string, d, start, end time.Time) {
	if msg := OutsideProgramme(d, start, end); msg != "" {
		v.Add(field, msg)
	}
}

// checkEvidenceDays adds to v at field the message for the first of days
// outside the programme, naming the day.
func checkEvidenceDays(v Validation, field string, days []time.Time, start, end time.Time) {
	for _, d := range days {
		if msg := OutsideProgramme(d, start, end); msg != "" {
			v.Add(field, "Dzień "+d.Format("02.01.2006")+": d"+strings.TrimPrefix(msg, "D"))
			return
		}
	}
}

// ClosedPeriodWarning is the warning shown before saving evidence dated on
// days (its new and its previous dates) that fall in a closed period of
// the programme (periods, closed the codes of its closed periods): the
// change will show as a correction of the filed report. "" when none does.
func ClosedPeriodWarning(periods Periods, closed []string, days ...time.Time) string {
	var hit []string
	for _, d := range days {
		if d.IsZero() {
			continue
		}
		code := periods.Of(d)
		for _, c := range closed {
			if c == code && !slices.Contains(hit, code) {
				hit = append(hit, code)
			}
		}
	}
	switch len(hit) {
	case 0:
		return ""
	case 1:
		return "Okres " + hit[0] + " jest zamknięty: wartość trafi do korekt."
	}
	return "Okresy " + strings.Join(hit, ", ") + " są zamknięte: wartości trafią do korekt."
}
