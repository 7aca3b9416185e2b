package testdb

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ClockEnv moves the clock of every test's store and server: a date
// (2027-12-06: today becomes that day) or an offset in days or years
// (+365d, -1y). The demo data is dated relative to that clock, so a test
// that holds today holds on any day; CI runs the suite once with the clock
// moved a year forward.
const ClockEnv = "KAIZEN_TEST_NOW"

var (
	shiftOnce sync.Once
	shift     time.Duration
	shiftErr  error
)

// ParseShift turns a ClockEnv value into the offset from now.
func ParseShift(v string, now time.Time) (time.Duration, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, nil
	}
	if d, err := time.Parse("2006-01-02", v); err == nil {
		y, m, dd := now.UTC().Date()
		return d.Sub(time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)), nil
	}
	if len(v) >= 3 && (v[0] == '+' || v[0] == '-') {
		n, err := strconv.Atoi(v[1 : len(v)-1])
		if err == nil {
			if v[0] == '-' {
				n = -n
			}
			switch v[len(v)-1] {
			case 'd':
				return time.Duration(n) * 24 * time.Hour, nil
			case 'y':
				return now.AddDate(n, 0, 0).Sub(now), nil
			}
		}
	}
	return 0, fmt.Errorf("%s=%q: want a date (2027-12-06) or an offset (+365d, -1y)", ClockEnv, v)
}

// Now is the tests' clock: the real time moved by ClockEnv. It keeps
// running, so throttling windows and timeouts behave as in production.
func Now() time.Time {
	shiftOnce.Do(func() { shift, shiftErr = ParseShift(os.Getenv(ClockEnv), time.Now()) })
	if shiftErr != nil {
		panic(shiftErr)
	}
	return time.Now().Add(shift)
}
