package components

import (
	"time"

	"kaizen/internal/domain"
)

// Warsaw is the time zone every time is shown in.
var Warsaw = domain.Warsaw

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
	return domain.FormatDate(t)
}

// Plural picks the Polish form for n: one (1), few (2–4, 22–24…), many
// (domain.Plural, the one rule of the application).
func Plural(n int, one, few, many string) string { return domain.Plural(n, one, few, many) }
