package domain

import "testing"

// TestCanSeeProgramme is the per-programme rule for every kind of account.
func TestCanSeeProgramme(t *testing.T) {
	for _, tc := range []struct {
		name      string
		u         *User
		prog      int64
		want      bool
		wantTeam  bool
		wantLimit bool
	}{
		{"AdminAll", &User{Role: RoleAdmin, AllProgrammes: true, Active: true}, 9, true, true, false},
		{"AdminSome", &User{Role: RoleAdmin, ProgrammeIDs: []int64{1}, Active: true}, 9, false, false, true},
		{"AdminSomeOwn", &User{Role: RoleAdmin, ProgrammeIDs: []int64{1}, Active: true}, 1, true, true, true},
		{"ViewerAll", &User{Role: RoleViewer, AllProgrammes: true, Active: true}, 9, true, false, false},
		{"CoordinatorMember", &User{Role: RoleCoordinator, ProgrammeIDs: []int64{1, 2}, Active: true}, 2, true, true, true},
		{"CoordinatorOther", &User{Role: RoleCoordinator, ProgrammeIDs: []int64{1}, Active: true}, 2, false, false, true},
		{"CoordinatorAllIgnored", &User{Role: RoleCoordinator, AllProgrammes: true, Active: true}, 2, false, false, true},
		{"ExpertMember", &User{Role: RoleExpert, ProgrammeIDs: []int64{2}, Active: true}, 2, true, false, true},
		{"ExpertNone", &User{Role: RoleExpert, Active: true}, 2, false, false, true},
		{"ManagerViaUnits", &User{Role: RoleUnitManager, UnitIDs: []int64{5}, UnitProgrammeIDs: []int64{3}, Active: true}, 3, true, false, true},
		{"ManagerMembershipIgnored", &User{Role: RoleUnitManager, ProgrammeIDs: []int64{4}, Active: true}, 4, false, false, true},
		{"Inactive", &User{Role: RoleAdmin, AllProgrammes: true}, 9, false, false, false},
		{"Anonymous", nil, 1, false, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.u.CanSeeProgramme(tc.prog); got != tc.want {
				t.Errorf("CanSeeProgramme(%d) = %v", tc.prog, got)
			}
			if got := tc.u.CanManageTeam(tc.prog); got != tc.wantTeam {
				t.Errorf("CanManageTeam(%d) = %v", tc.prog, got)
			}
			ids, limited := tc.u.ProgrammeScope()
			if limited != tc.wantLimit || (limited && ids == nil) {
				t.Errorf("ProgrammeScope() = %v, %v", ids, limited)
			}
		})
	}
}

func TestValidateMember(t *testing.T) {
	for _, tc := range []struct {
		name string
		u    *User
		ok   bool
	}{
		{"Coordinator", &User{Role: RoleCoordinator, Active: true}, true},
		{"Expert", &User{Role: RoleExpert, Active: true}, true},
		{"ErrUnitManager", &User{Role: RoleUnitManager, Active: true}, false},
		{"ErrViewer", &User{Role: RoleViewer, Active: true}, false},
		{"ErrInactive", &User{Role: RoleExpert}, false},
		{"ErrNobody", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := ValidateMember(tc.u)
			if (err == nil) != tc.ok || (err != nil && FieldErrors(err)[FieldMember] == "") {
				t.Fatalf("ValidateMember = %v", err)
			}
		})
	}
}
