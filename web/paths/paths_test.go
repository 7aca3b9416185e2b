package paths_test

import (
	"testing"

	"kaizen/web/paths"
)

// The route check (internal/web/paths_internal_test.go) uses plain sample
// values; this one covers escaping of the string segments.
func TestStringSegmentsEscaped(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{paths.RecordHistory("protocol", "12"), "/audit/protocol/12"},
		{paths.RecordHistory("a/b", "1 2?"), "/audit/a%2Fb/1%202%3F"},
		{paths.PeriodClose(3, "2026-Q3"), "/programmes/3/periods/2026-Q3/close"},
		{paths.PeriodReopen(3, "I.2026"), "/programmes/3/periods/I.2026/reopen"},
	} {
		if c.got != c.want {
			t.Errorf("got %s, want %s", c.got, c.want)
		}
	}
}
