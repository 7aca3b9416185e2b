package components

import (
	"time"
	_ "time/tzdata" // Europe/Warsaw even where the system has no zoneinfo
)

// Warsaw is the time zone every time is shown in.
var Warsaw = mustLoad("Europe/Warsaw")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// DateTime formats an instant as 27.11.2026 10:32 in Europe/Warsaw.
func DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Warsaw).Format("02.01.2006 15:04")
}

// Time formats an instant's clock time in Europe/Warsaw.
func Time(t time.Time) string { return t.In(Warsaw).Format("15:04") }

// Date formats a calendar date as 27.11.2026.
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("02.01.2006")
}
