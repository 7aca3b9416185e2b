package domain

import (
	"time"
	_ "time/tzdata" // Europe/Warsaw even where the system has no zoneinfo
)

// Warsaw is the time zone every time is shown and every date is taken in.
var Warsaw = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Warsaw")
	if err != nil {
		panic(err) // embedded by time/tzdata: cannot happen
	}
	return loc
}()

// TodayIn is the date in Warsaw at the instant now, as a UTC midnight (how
// dates are stored and compared).
func TodayIn(now time.Time) time.Time {
	y, m, d := now.In(Warsaw).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
