package store_test

import (
	"context"
	"testing"

	"kaizen/internal/domain"
)

// The protocol chooser's units × tasks: one pair per unit and task, searched
// by unit name or task code, limited to the user's units, paged with the
// "more" flag instead of a count.
func TestProductPairs(t *testing.T) {
	t.Parallel()
	f := newProtocolFixture(t)
	ctx := context.Background()
	f.draft(t) // a draft accepts nothing: both products stay open

	pairs, more, err := f.s.ProductPairs(ctx, f.p.ID, domain.ProductFilter{ListQuery: domain.ListQuery{Limit: 20}})
	if err != nil || more || len(pairs) != 2 {
		t.Fatalf("all pairs = %+v, more %v, %v; want 2 and no more", pairs, more, err)
	}
	// By unit name: "Urząd Gminy …" before "Urząd Miasta …".
	if pairs[0].UnitID != f.other.ID || pairs[1].UnitID != f.unit.ID || pairs[0].TaskID != f.task || pairs[0].Open != 2 || pairs[0].TaskCode != "P3" {
		t.Fatalf("pairs = %+v", pairs)
	}

	for _, tc := range []struct {
		name string
		f    domain.ProductFilter
		want []int64 // unit ids, in order
		more bool
	}{
		{"SearchUnitName", domain.ProductFilter{ListQuery: domain.ListQuery{Search: "dzierż", Limit: 20}}, []int64{f.other.ID}, false},
		{"SearchTaskCode", domain.ProductFilter{ListQuery: domain.ListQuery{Search: "p3", Limit: 20}}, []int64{f.other.ID, f.unit.ID}, false},
		{"SearchTaskName", domain.ProductFilter{ListQuery: domain.ListQuery{Search: "procesów", Limit: 20}}, []int64{f.other.ID, f.unit.ID}, false},
		{"SearchNothing", domain.ProductFilter{ListQuery: domain.ListQuery{Search: "Wrocław", Limit: 20}}, nil, false},
		{"OwnUnitsOnly", domain.ProductFilter{UnitIDs: []int64{f.other.ID}, ListQuery: domain.ListQuery{Limit: 20}}, []int64{f.other.ID}, false},
		{"FirstPage", domain.ProductFilter{ListQuery: domain.ListQuery{Limit: 1}}, []int64{f.other.ID}, true},
		{"SecondPage", domain.ProductFilter{ListQuery: domain.ListQuery{Limit: 1, Offset: 1}}, []int64{f.unit.ID}, false},
		{"PastTheEnd", domain.ProductFilter{ListQuery: domain.ListQuery{Limit: 1, Offset: 5}}, nil, false},
		{"OnePair", domain.ProductFilter{UnitID: f.other.ID, TaskID: f.task, ListQuery: domain.ListQuery{Limit: 1}}, []int64{f.other.ID}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, more, err := f.s.ProductPairs(ctx, f.p.ID, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, p := range got {
				ids = append(ids, p.UnitID)
			}
			if len(ids) != len(tc.want) || more != tc.more {
				t.Fatalf("units %v, more %v; want %v, more %v", ids, more, tc.want, tc.more)
			}
			for i := range ids {
				if ids[i] != tc.want[i] {
					t.Fatalf("units %v; want %v", ids, tc.want)
				}
			}
		})
	}
}
