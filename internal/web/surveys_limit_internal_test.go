package web

import (
	"testing"
	"time"
)

// TestSurveyLimit: a bucket per address (an IPv6 address by its /64) that
// refills with time, and no address kept in the clear.
func TestSurveyLimit(t *testing.T) {
	g := &addressLimit{burst: 3, every: 10 * time.Second}
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	take := func(addr string, want bool) {
		t.Helper()
		if ok, wait := g.allow(addr, now); ok != want {
			t.Fatalf("%s at %s: allowed %v (wait %s), want %v", addr, now.Format(time.TimeOnly), ok, wait, want)
		}
	}
	for range 3 {
		take("192.0.2.1", true)
	}
	take("192.0.2.1", false)
	take("192.0.2.2", true)
	take("2001:db8:1:2::1", true)
	take("2001:db8:1:2::2", true)
	take("2001:db8:1:2:ffff::3", true)
	take("2001:db8:1:2::4", false) // the same /64
	take("2001:db8:1:3::1", true)
	take("::ffff:192.0.2.1", false) // IPv4-mapped: the same address
	now = now.Add(10 * time.Second)
	take("192.0.2.1", true)
	take("192.0.2.1", false)
	// Full buckets are forgotten.
	now = now.Add(time.Hour)
	take("192.0.2.9", true)
	if len(g.buckets) != 1 {
		t.Errorf("%d buckets kept after an hour, want 1", len(g.buckets))
	}
	for k := range g.buckets {
		if string(k[:]) == "192.0.2.9" || k == (bucketKey{}) {
			t.Errorf("bucket key %x", k)
		}
	}
}
