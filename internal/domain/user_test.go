package domain

import (
	"slices"
	"strings"
	"testing"
)

func TestUserValidate(t *testing.T) {
	ok := User{Username: "anna.kowalska", DisplayName: "Anna Kowalska", Role: RoleExpert}
	for _, tc := range []struct {
		name  string
		edit  func(*User)
		field string
	}{
		{"Valid", func(*User) {}, ""},
		{"ErrUsernameEmpty", func(u *User) { u.Username = "" }, "username"},
		{"ErrUsernameShort", func(u *User) { u.Username = "ab" }, "username"},
		{"ErrUsernameLong", func(u *User) { u.Username = strings.Repeat("a", 65) }, "username"},
		{"ErrUsernamePolish", func(u *User) { u.Username = "łukasz" }, "username"},
		{"ErrUsernameUpper", func(u *User) { u.Username = "Anna" }, "username"},
		{"ErrUsernameLeadingDot", func(u *User) { u.Username = ".anna" }, "username"},
		{"ErrDisplayNameBlank", func(u *User) { u.DisplayName = "   " }, "display_name"},
		{"ErrDisplayNameLong", func(u *User) { u.DisplayName = strings.Repeat("ż", 201) }, "display_name"},
		{"ErrRole", func(u *User) { u.Role = "root" }, "role"},
		{"ErrManagerWithoutUnit", func(u *User) { u.Role = RoleUnitManager }, "units"},
		{"ErrUnitsForNonManager", func(u *User) { u.UnitIDs = []int64{1} }, "units"},
		{"ManagerWithUnit", func(u *User) { u.Role, u.UnitIDs = RoleUnitManager, []int64{1} }, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u := ok
			tc.edit(&u)
			err := u.Validate()
			if tc.field == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if ErrorCode(err) != EINVALID || FieldErrors(err)[tc.field] == "" {
				t.Fatalf("err = %v, want EINVALID on %s", err, tc.field)
			}
		})
	}
}

func TestPermissions(t *testing.T) {
	for _, r := range Roles {
		if !r.Can(PermUseApp) {
			t.Errorf("%s cannot use the app", r)
		}
		if r.Label() == string(r) {
			t.Errorf("%s has no Polish label", r)
		}
		if got := r.Can(PermManageUsers); got != (r == RoleAdmin) {
			t.Errorf("%s manage users = %v", r, got)
		}
	}
	inactive := &User{Role: RoleAdmin}
	if inactive.Can(PermUseApp) {
		t.Error("an inactive account may use the app")
	}
}

func TestErrorHelpers(t *testing.T) {
	if ErrorCode(nil) != "" || ErrorCode(Errorf(ENOTFOUND, "x")) != ENOTFOUND {
		t.Fatal("ErrorCode")
	}
	if ErrorCode(errString("boom")) != EINTERNAL || strings.Contains(ErrorMessage(errString("boom")), "boom") {
		t.Fatal("internal errors must not leak their text")
	}
}

type errString string

func (e errString) Error() string { return string(e) }

func TestUnitScope(t *testing.T) {
	for _, tc := range []struct {
		name        string
		user        *User
		ids         []int64
		limited     bool
		acts, other bool // CanActOnUnit(1), CanActOnUnit(2)
	}{
		{"Coordinator", &User{Role: RoleCoordinator, Active: true}, nil, false, true, true},
		{"Viewer", &User{Role: RoleViewer, Active: true}, nil, false, true, true},
		{"Manager", &User{Role: RoleUnitManager, UnitIDs: []int64{1}, Active: true}, []int64{1}, true, true, false},
		{"ManagerWithoutUnits", &User{Role: RoleUnitManager, Active: true}, []int64{}, true, false, false},
		{"InactiveManager", &User{Role: RoleUnitManager, UnitIDs: []int64{1}}, []int64{1}, true, false, false},
		{"NoUser", nil, []int64{}, true, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ids, limited := tc.user.UnitScope()
			if limited != tc.limited || !slices.Equal(ids, tc.ids) || (ids == nil) != (tc.ids == nil) {
				t.Errorf("UnitScope() = %v, %v; want %v, %v", ids, limited, tc.ids, tc.limited)
			}
			if got := tc.user.CanActOnUnit(1); got != tc.acts {
				t.Errorf("CanActOnUnit(1) = %v", got)
			}
			if got := tc.user.CanActOnUnit(2); got != tc.other {
				t.Errorf("CanActOnUnit(2) = %v", got)
			}
		})
	}
}
