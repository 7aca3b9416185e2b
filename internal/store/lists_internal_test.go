package store

import (
	"strings"
	"testing"

	"kaizen/internal/domain"
)

// TestSortColumnsCoverSortings keeps each list's SQL sort expressions in
// step with the keys its page offers: every key has a fixed expression.
func TestSortColumnsCoverSortings(t *testing.T) {
	for name, c := range map[string]struct {
		s    domain.Sorting
		cols sortColumns
	}{
		"programmes": {domain.SortProgrammes, programmeSorts}, "participations": {domain.SortParticipations, participationSorts},
		"units": {domain.SortUnitList, unitSorts}, "sessions": {domain.SortSessions, sessionSorts},
		"consultations": {domain.SortConsultations, consultationSorts}, "meetings": {domain.SortMeetings, meetingSorts},
		"products": {domain.SortProducts, productSorts}, "protocols": {domain.SortProtocols, protocolSorts},
		"persons": {domain.SortPersons, personSorts},
	} {
		for _, k := range c.s.Keys {
			if c.cols[k] == "" {
				t.Errorf("%s: sort key %q has no SQL expression", name, k)
			}
		}
		if c.cols[c.s.Default] == "" {
			t.Errorf("%s: the default sort %q has no SQL expression", name, c.s.Default)
		}
	}
}

// TestOrderByNeverTakesTheKey: an unknown key (whatever it holds) sorts by
// the default, and the direction of every part of a composite expression.
func TestOrderByNeverTakesTheKey(t *testing.T) {
	s := domain.Sorting{Keys: []string{"a", "b"}, Default: "a"}
	cols := sortColumns{"a": "x.a", "b": "x.b1;x.b2"}
	for _, tc := range []struct {
		q    domain.ListQuery
		want string
	}{
		{domain.ListQuery{}, " ORDER BY x.a ASC NULLS LAST, x.id"},
		{domain.ListQuery{Sort: "a", Desc: true}, " ORDER BY x.a DESC NULLS LAST, x.id"},
		{domain.ListQuery{Sort: "b", Desc: true}, " ORDER BY x.b1 DESC NULLS LAST, x.b2 DESC NULLS LAST, x.id"},
		{domain.ListQuery{Sort: "x.a; DROP TABLE units --"}, " ORDER BY x.a ASC NULLS LAST, x.id"},
	} {
		if got := orderBy(tc.q, s, cols, "x.id"); got != tc.want || strings.Contains(got, "DROP") {
			t.Errorf("orderBy(%+v) = %q, want %q", tc.q, got, tc.want)
		}
	}
}
