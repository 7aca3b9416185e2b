package domain

import (
	"math/rand"
	"testing"
	"time"
)

// The fast date formats give exactly what time.Format gives, in any zone.
func TestDateFormats(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	warsaw, _ := time.LoadLocation("Europe/Warsaw")
	check := func(x time.Time) {
		t.Helper()
		if got, want := FormatISODate(x), x.Format("2006-01-02"); got != want {
			t.Fatalf("FormatISODate(%v) = %q, want %q", x, got, want)
		}
		if got, want := FormatDate(x), x.Format("02.01.2006"); got != want {
			t.Fatalf("FormatDate(%v) = %q, want %q", x, got, want)
		}
	}
	for _, y := range []int{-5, 0, 1, 999, 1000, 1990, 2026, 9999, 10000, 123456} {
		check(time.Date(y, time.March, 7, 0, 0, 0, 0, time.UTC))
	}
	check(time.Time{})
	for range 100000 {
		x := time.Unix(r.Int63n(200*365*86400)-50*365*86400, 0)
		check(x.UTC())
		check(x.In(warsaw))
	}
}

var dateSink string

func BenchmarkDateFormats(b *testing.B) {
	x := time.Date(2026, time.November, 27, 0, 0, 0, 0, time.UTC)
	b.Run("fast", func(b *testing.B) {
		for b.Loop() {
			dateSink = FormatISODate(x)
			dateSink = FormatDate(x)
		}
	})
	b.Run("time.Format", func(b *testing.B) {
		for b.Loop() {
			dateSink = x.Format("2006-01-02")
			dateSink = x.Format("02.01.2006")
		}
	})
}
