package web

import (
	"slices"
	"testing"

	"kaizen/internal/domain"
)

// TestUnitsToSearch: a people search looks only in the units the user may
// act on, and in a session's units when it has any; an empty result means
// nowhere (nil: every unit).
func TestUnitsToSearch(t *testing.T) {
	coordinator := &domain.User{Role: domain.RoleCoordinator, Active: true}
	manager := &domain.User{Role: domain.RoleUnitManager, Active: true, UnitIDs: []int64{1, 2}}
	unbound := &domain.User{Role: domain.RoleUnitManager, Active: true}
	for _, tc := range []struct {
		name string
		u    *domain.User
		only []int64
		want []int64
	}{
		{"EveryUnit", coordinator, nil, nil},
		{"SessionUnits", coordinator, []int64{3}, []int64{3}},
		{"ManagersUnits", manager, nil, []int64{1, 2}},
		{"ManagersSessionUnits", manager, []int64{2, 3}, []int64{2}},
		{"ManagerOfOtherUnits", manager, []int64{3}, []int64{}},
		{"NoUnitBound", unbound, nil, []int64{}},
		{"Anonymous", nil, nil, []int64{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := unitsToSearch(tc.u, tc.only)
			if !slices.Equal(got, tc.want) || (got == nil) != (tc.want == nil) {
				t.Fatalf("units = %#v, want %#v", got, tc.want)
			}
		})
	}
}
