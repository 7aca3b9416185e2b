package domain

import "testing"

func TestSortingResolve(t *testing.T) {
	s := Sorting{Keys: []string{SortDate, SortUnit}, Default: SortDate, DefaultDesc: true}
	for _, tc := range []struct {
		key, dir string
		want     string
		desc     bool
	}{
		{"", "", SortDate, true},
		{SortUnit, "", SortUnit, false},
		{SortUnit, "desc", SortUnit, true},
		{SortDate, "", SortDate, true},
		{SortDate, "asc", SortDate, false},
		{SortDate, "sideways", SortDate, true},
		{"u.name; DROP TABLE units", "asc", SortDate, true},
		{"DATA", "asc", SortDate, true},
	} {
		if k, d := s.Resolve(tc.key, tc.dir); k != tc.want || d != tc.desc {
			t.Errorf("Resolve(%q, %q) = %q, %v; want %q, %v", tc.key, tc.dir, k, d, tc.want, tc.desc)
		}
	}
}
